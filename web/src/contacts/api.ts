import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, toQueryString, API, type Page, type QueryValue } from '../lib/http';

export type CustomValue = string | number | boolean | string[] | null;

export interface Contact {
  id: number;
  firstName: string;
  lastName: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  jobTitle: string | null;
  birthday: string | null;
  companyId: number | null;
  company: { id: number; name: string } | null;
  ownerId: number | null;
  owner: { id: number; name: string } | null;
  tags: string[];
  custom: Record<string, CustomValue>;
  createdAt: string;
  updatedAt: string;
  /** Kept from merges (GET /contacts/:id only). */
  secondaryEmails?: string[];
  secondaryPhones?: string[];
}

export type ContactInput = Partial<Pick<Contact,
  'firstName' | 'lastName' | 'email' | 'phone' | 'jobTitle' | 'birthday' | 'companyId' | 'ownerId' | 'tags' | 'custom'>>;

export type FilterOp = 'eq' | 'neq' | 'contains' | 'startsWith' | 'gt' | 'gte' | 'lt' | 'lte' | 'isEmpty' | 'isNotEmpty';
export interface FieldFilter {
  field: string;
  op: FilterOp;
  value?: string | number | boolean;
}

export interface ContactListParams {
  q?: string;
  sort?: 'name' | 'email' | 'createdAt' | 'updatedAt';
  order?: 'asc' | 'desc';
  tag?: string;
  ownerId?: string;
  companyId?: string;
  filters?: FieldFilter[];
  segmentId?: number;
}

/** Query parameters shared by the list and the CSV export link. */
export function contactListQuery(p: ContactListParams): Record<string, QueryValue> {
  return {
    q: p.q, sort: p.sort, order: p.order, tag: p.tag, ownerId: p.ownerId, companyId: p.companyId,
    filters: p.filters?.length ? JSON.stringify(p.filters) : undefined,
    segmentId: p.segmentId,
  };
}

/** URL state of /contacts: `segmentId` shows a saved segment as the list's view. */
export interface ContactsSearch {
  segmentId?: number;
}

export function validateContactsSearch(s: Record<string, unknown>): ContactsSearch {
  const segmentId = Number(s.segmentId);
  return { segmentId: Number.isInteger(segmentId) && segmentId > 0 ? segmentId : undefined };
}

export function contactsExportUrl(p: ContactListParams): string {
  return `${API}/exports/contacts.csv${toQueryString(contactListQuery(p))}`;
}

export function useContacts(p: ContactListParams, limit = 50) {
  return useInfiniteQuery({
    queryKey: ['contacts', 'list', p, limit],
    queryFn: ({ pageParam }) => http<Page<Contact>>('/contacts', { query: { ...contactListQuery(p), limit, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useContact(id: number) {
  return useQuery({ queryKey: ['contacts', 'one', id], queryFn: () => http<Contact>(`/contacts/${id}`) });
}

function useInvalidateContacts() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['contacts'] });
}

export function useCreateContact() {
  const invalidate = useInvalidateContacts();
  return useMutation({
    mutationFn: (input: ContactInput) => http<Contact>('/contacts', { method: 'POST', body: input }),
    meta: { silent: true },
    onSuccess: invalidate,
  });
}

export function useUpdateContact(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ContactInput) => http<Contact>(`/contacts/${id}`, { method: 'PATCH', body: input }),
    meta: { silent: true },
    onSuccess: (c) => {
      qc.setQueryData(['contacts', 'one', id], c);
      qc.invalidateQueries({ queryKey: ['contacts'] });
      qc.invalidateQueries({ queryKey: ['timeline', 'contacts', id] });
    },
  });
}

export function useDeleteContact() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/contacts/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['contacts'] }),
  });
}

export function useContactTags(id: number) {
  const qc = useQueryClient();
  const done = () => {
    qc.invalidateQueries({ queryKey: ['contacts'] });
    qc.invalidateQueries({ queryKey: ['timeline', 'contacts', id] });
  };
  const add = useMutation({
    mutationFn: (tags: string[]) => http<unknown>(`/contacts/${id}/tags`, { method: 'POST', body: { tags } }),
    onSettled: done,
  });
  const remove = useMutation({
    mutationFn: (tag: string) => http<unknown>(`/contacts/${id}/tags/${encodeURIComponent(tag)}`, { method: 'DELETE' }),
    onSettled: done,
  });
  return { add, remove };
}

/** A likely duplicate pair, best first: score 0–1 and why (exact email/phone, same name and company, similar names). */
export interface DuplicateCandidate {
  score: number;
  reasons: { code: string; text: string }[];
  contacts: [Contact, Contact];
}

export function useDuplicateCandidates() {
  return useQuery({
    queryKey: ['contacts', 'duplicate-candidates'],
    queryFn: () => http<{ data: DuplicateCandidate[] }>('/contacts/duplicate-candidates', { query: { limit: 50 } }),
  });
}

export type MergeSide = 'survivor' | 'duplicate';

export function useMergeContacts() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ survivorId, duplicateId, pick }: { survivorId: number; duplicateId: number; pick?: Record<string, MergeSide> }) =>
      http<Contact>(`/contacts/${survivorId}/merge`, { method: 'POST', body: { duplicateId, pick } }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['contacts'] }),
  });
}
