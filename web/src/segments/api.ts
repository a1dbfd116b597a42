import type { OrderCondition } from '../orders/order-condition';
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Contact } from '../contacts/api';
import type { Permission } from '../auth/api';
import { fetchAllPages, http, type Page } from '../lib/http';

// Not yet in the web app's Permission union (auth/api.ts); the server sends them in /auth/me.
export const SEGMENTS_READ = 'segments:read' as Permission;
export const SEGMENTS_WRITE = 'segments:write' as Permission;
export const SEGMENTS_DELETE = 'segments:delete' as Permission;

// The condition tree, version 1 (src/modules/segments/segment-tree.schema.ts).
export type Scalar = string | number | boolean;
export interface FieldLeaf {
  type: 'field' | 'company';
  field: string;
  op: string;
  value?: Scalar;
  values?: string[];
  from?: string | number;
  to?: string | number;
  days?: number;
}
export interface PropertyMatch {
  property: string;
  op: 'eq' | 'neq' | 'contains' | 'gt' | 'lt';
  value: Scalar;
}
export type SegmentNode =
  | { type: 'and' | 'or'; children: SegmentNode[] }
  | { type: 'not'; child: SegmentNode }
  | FieldLeaf
  | { type: 'tags'; op: 'hasAny' | 'hasAll' | 'hasNone'; tags: string[] }
  | { type: 'owner'; op: 'is' | 'isNot' | 'isEmpty' | 'isNotEmpty'; userId?: number }
  | { type: 'event'; kind: string; negate?: boolean; minCount?: number; withinDays?: number; where?: PropertyMatch[] }
  | { type: 'visited'; urlPattern: string; minCount?: number; withinDays: number; negate?: boolean }
  | { type: 'tracked'; name: string; minCount?: number; withinDays?: number; where?: PropertyMatch[]; negate?: boolean }
  | { type: 'segment'; segmentId: number }
  | { type: 'list'; op: 'member' | 'notMember'; listId: number; status?: 'subscribed' | 'unsubscribed' | 'pending' }
  | { type: 'consent'; channel: 'email'; listId?: number; status: 'granted' | 'withdrawn' | 'pending' }
  | OrderCondition;

export type SegmentKind = 'dynamic' | 'static';

export interface Segment {
  id: number;
  name: string;
  description: string | null;
  kind: SegmentKind;
  version: number;
  tree: SegmentNode;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
  lastCount: number | null;
  lastCountedAt: string | null;
}

export interface SegmentInput {
  name: string;
  description?: string | null;
  kind?: SegmentKind;
  tree?: SegmentNode;
}

export function useSegments(limit = 50) {
  return useInfiniteQuery({
    queryKey: ['segments', 'list', limit],
    queryFn: ({ pageParam }) => http<Page<Segment>>('/segments', { query: { limit, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export interface EventKind {
  kind: string;
  label: string;
  group: string;
  /** Other properties than those listed may be tested (payloads from outside). */
  openData: boolean;
  properties: { name: string; type: 'text' | 'number' | 'boolean' | 'any' }[];
}

/** The event kinds (and properties) the user's role may use in conditions. */
export function useEventKinds() {
  return useQuery({
    queryKey: ['segments', 'event-kinds'],
    queryFn: async () => (await http<{ data: EventKind[] }>('/segments/event-kinds')).data,
    staleTime: 5 * 60_000,
  });
}

export interface BuilderOptions {
  eventNames: { name: string; properties: string[] }[];
  categories: string[];
}

/** Tracked event names (with their properties) and product categories, for the condition pickers. */
export function useBuilderOptions() {
  return useQuery({
    queryKey: ['segments', 'builder-options'],
    queryFn: () => http<BuilderOptions>('/segments/builder-options'),
    staleTime: 60_000,
  });
}

/** Every segment (a workspace holds tens or hundreds), for pickers. */
export function useAllSegments(enabled = true) {
  return useQuery({
    queryKey: ['segments', 'all'],
    queryFn: () => fetchAllPages<Segment>('/segments'),
    staleTime: 30_000,
    enabled,
  });
}

export function useSegment(id: number | undefined) {
  return useQuery({
    queryKey: ['segments', 'one', id],
    queryFn: () => http<Segment>(`/segments/${id}`),
    enabled: id !== undefined,
  });
}

export interface Preview {
  count: number;
  contacts: Contact[];
}

/** Count and first contacts of an unsaved tree; `tree` null means "not ready to ask". */
export function usePreviewSegment(tree: SegmentNode | null, limit = 10) {
  return useQuery({
    queryKey: ['segments', 'preview', tree, limit],
    queryFn: () => http<Preview>('/segments/preview', { method: 'POST', body: { version: 1, tree, limit } }),
    enabled: tree !== null,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
}

/** Count now (also remembered as the segment's last count). */
export function useSegmentCount(id: number | undefined) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ['segments', 'count', id],
    queryFn: async () => {
      const r = await http<{ count: number; countedAt: string }>(`/segments/${id}/count`);
      qc.invalidateQueries({ queryKey: ['segments', 'list'] });
      return r;
    },
    enabled: id !== undefined,
  });
}

export function useSegmentContacts(id: number | undefined, limit = 10) {
  return useQuery({
    queryKey: ['segments', 'contacts', id, limit],
    queryFn: () => http<Page<Contact>>(`/segments/${id}/contacts`, { query: { limit } }),
    enabled: id !== undefined,
  });
}

export function useSaveSegment(id: number | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: SegmentInput) =>
      id === undefined
        ? http<Segment>('/segments', { method: 'POST', body: { ...input, version: 1 } })
        : http<Segment>(`/segments/${id}`, { method: 'PATCH', body: { name: input.name, description: input.description, ...(input.tree ? { tree: input.tree, version: 1 } : {}) } }),
    meta: { silent: true },
    onSuccess: (s) => {
      qc.setQueryData(['segments', 'one', s.id], s);
      qc.invalidateQueries({ queryKey: ['segments'] });
      qc.invalidateQueries({ queryKey: ['contacts', 'list'] });
    },
  });
}

export function useDeleteSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/segments/${id}`, { method: 'DELETE' }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['segments'] }),
  });
}

export function useRecountSegment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<{ count: number; countedAt: string }>(`/segments/${id}/count`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['segments', 'list'] }),
  });
}

export function useSnapshotSegment(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name?: string) => http<Segment>(`/segments/${id}/snapshot`, { method: 'POST', body: name ? { name } : {} }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['segments'] }),
  });
}
