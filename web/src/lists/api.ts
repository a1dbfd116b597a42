import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useKeysetPages } from '../lib/pages';
import type { Permission } from '../auth/api';
import { API, fetchAllPages, http, type Page } from '../lib/http';

// Not yet in the web app's Permission union (auth/api.ts); the server sends them in /auth/me.
export const LISTS_READ = 'lists:read' as Permission;
export const LISTS_WRITE = 'lists:write' as Permission;
export const LISTS_DELETE = 'lists:delete' as Permission;

// Shapes of src/modules/lists (lists.schema.ts, lists.service.ts, consents.service.ts).
export type ListPurpose = 'marketing' | 'transactional';
export type MemberStatus = 'subscribed' | 'unsubscribed' | 'pending';
export type ConsentStatus = 'granted' | 'withdrawn' | 'pending';
export type ConsentSource = 'form' | 'confirmation' | 'preference_centre' | 'one_click_unsubscribe' | 'import' | 'api' | 'admin' | 'ui';
export type OptInMode = 'single' | 'double';
export type LawfulBasis = 'consent' | 'contract' | 'legitimate_interest' | 'legal_obligation' | 'vital_interests' | 'public_task';

export interface MailingList {
  id: number;
  name: string;
  description: string | null;
  purpose: ListPurpose;
  optInMode: OptInMode;
  publicName: string | null;
  publicDescription: string | null;
  senderName: string | null;
  createdAt: string;
  members: Record<MemberStatus, number>;
}
/** What the create and edit forms send (POST /lists, PATCH /lists/{id}). */
export type ListInput = Pick<MailingList, 'name' | 'description' | 'purpose' | 'optInMode' | 'publicName' | 'publicDescription' | 'senderName'>;
/** The declaration that must come with a subscription to a marketing list. */
export interface ConsentDeclaration {
  source: 'admin' | 'api' | 'import';
  lawfulBasis: LawfulBasis;
  proof: string;
  textShown?: string;
}
export interface AddMembersResult {
  added: number;
  pending: number;
  skipped: number;
  suppressed: number;
  unsubscribed?: number;
}
export type ListDetail = MailingList;
export interface ListMember {
  contactId: number;
  status: MemberStatus;
  updatedAt: string;
  contact: { id: number; fullName: string; email: string | null };
}
export interface ConsentEvent {
  id: number;
  contactId: number;
  channel: 'email';
  listId: number | null;
  status: ConsentStatus;
  source: ConsentSource;
  ip: string | null;
  textShown: string | null;
  recordedAt: string;
  actorUserId: number | null;
  userAgent?: string | null;
  formId?: number | null;
  lawfulBasis?: LawfulBasis | null;
  proof?: string | null;
  actorLabel?: string | null;
}
export interface ConsentLedger extends Page<ConsentEvent> {
  current: { channel: 'email'; listId: number | null; status: ConsentStatus; updatedAt: string }[];
}

/** Every list (a workspace has tens), for pickers such as the segment builder's "On list". */
export function useAllLists(enabled = true) {
  return useQuery({
    queryKey: ['lists', 'all'],
    queryFn: () => fetchAllPages<MailingList>('/lists'),
    staleTime: 30_000,
    enabled,
  });
}

export function useList(id: number | undefined) {
  return useQuery({ queryKey: ['lists', 'one', id], queryFn: () => http<ListDetail>(`/lists/${id}`), enabled: id !== undefined });
}

export function useListMembers(id: number | undefined, status?: MemberStatus, limit = 50) {
  return useQuery({
    queryKey: ['lists', 'members', id, status, limit],
    queryFn: () => http<Page<ListMember>>(`/lists/${id}/members`, { query: { limit, status } }),
    enabled: id !== undefined,
  });
}

export function useSaveList(id: number | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<ListInput>) =>
      id === undefined ? http<MailingList>('/lists', { method: 'POST', body: input }) : http<MailingList>(`/lists/${id}`, { method: 'PATCH', body: input }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['lists'] }),
  });
}

export function useDeleteList() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/lists/${id}`, { method: 'DELETE' }),
    onSuccess: (_r, id) => {
      qc.removeQueries({ queryKey: ['lists', 'one', id] });
      return qc.invalidateQueries({ queryKey: ['lists'] });
    },
  });
}

export function useSetListMembers(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { contactIds: number[]; status?: Exclude<MemberStatus, 'pending'>; consent?: ConsentDeclaration }) =>
      http<AddMembersResult>(`/lists/${id}/members`, { method: 'POST', body: input }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['lists'] }),
  });
}

/** CSV of a contact's consent ledger (GDPR Art. 7(1): the proof of consent), downloaded by a plain link. */
export const consentsCsvUrl = (contactId: number) => `${API}/contacts/${contactId}/consents/export`;

export function useContactConsents(contactId: number | undefined) {
  return useQuery({
    queryKey: ['consents', contactId],
    queryFn: () => http<ConsentLedger>(`/contacts/${contactId}/consents`),
    enabled: contactId !== undefined,
  });
}

export function useRecordConsent(contactId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { listId?: number; status: ConsentStatus; source: ConsentSource; ip?: string; textShown?: string; proof?: string }) =>
      http<ConsentEvent>(`/contacts/${contactId}/consents`, { method: 'POST', body: { channel: 'email', ...input } }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['consents', contactId] });
      qc.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
}

/** Lists page: keyset pages of GET /lists. */
export function useListsPaged(limit = 50) {
  return useKeysetPages<MailingList>(['lists', 'paged', limit], '/lists', { limit });
}

/** Members of a list with "load more" (keyset by contact id). */
export function useListMembersPaged(id: number, status?: MemberStatus, limit = 50) {
  return useKeysetPages<ListMember>(['lists', 'members', id, 'paged', status, limit], `/lists/${id}/members`, { limit, status });
}

export function useRemoveListMember(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (contactId: number) => http<void>(`/lists/${id}/members/${contactId}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['lists'] }),
  });
}

/** The consent ledger with "load more"; `current` comes with every page. */
export function useContactConsentsPaged(contactId: number, limit = 20, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['consents', contactId, 'paged', limit],
    queryFn: ({ pageParam }) => http<ConsentLedger>(`/contacts/${contactId}/consents`, { query: { limit, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}
