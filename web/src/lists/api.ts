import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Permission } from '../auth/api';
import { fetchAllPages, http, type Page } from '../lib/http';

// Not yet in the web app's Permission union (auth/api.ts); the server sends them in /auth/me.
export const LISTS_READ = 'lists:read' as Permission;
export const LISTS_WRITE = 'lists:write' as Permission;
export const LISTS_DELETE = 'lists:delete' as Permission;

// Shapes of src/modules/lists (lists.schema.ts, lists.service.ts, consents.service.ts).
export type ListPurpose = 'marketing' | 'transactional';
export type MemberStatus = 'subscribed' | 'unsubscribed' | 'pending';
export type ConsentStatus = 'granted' | 'withdrawn' | 'pending';
export type ConsentSource = 'form' | 'import' | 'api' | 'ui';

export interface MailingList {
  id: number;
  name: string;
  description: string | null;
  purpose: ListPurpose;
  createdAt: string;
  members: Record<MemberStatus, number>;
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
    mutationFn: (input: { name: string; description?: string | null; purpose?: ListPurpose }) =>
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
    mutationFn: (input: { contactIds: number[]; status?: MemberStatus }) =>
      http<{ status: MemberStatus; changed: number; contactIds: number[] }>(`/lists/${id}/members`, { method: 'POST', body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['lists'] }),
  });
}

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
    mutationFn: (input: { listId?: number; status: ConsentStatus; source: ConsentSource; ip?: string; textShown?: string }) =>
      http<ConsentEvent>(`/contacts/${contactId}/consents`, { method: 'POST', body: { channel: 'email', ...input } }),
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ['consents', contactId] });
      qc.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
}

/** Lists page: keyset pages of GET /lists. */
export function useListsPaged(limit = 50) {
  return useInfiniteQuery({
    queryKey: ['lists', 'paged', limit],
    queryFn: ({ pageParam }) => http<Page<MailingList>>('/lists', { query: { limit, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Members of a list with "load more" (keyset by contact id). */
export function useListMembersPaged(id: number, status?: MemberStatus, limit = 50) {
  return useInfiniteQuery({
    queryKey: ['lists', 'members', id, 'paged', status, limit],
    queryFn: ({ pageParam }) => http<Page<ListMember>>(`/lists/${id}/members`, { query: { limit, status, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
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
