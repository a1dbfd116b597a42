import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { API, http } from '../lib/http';
import type { ContactListParams, FieldFilter } from '../contacts/api';

export type BulkSelection =
  | { mode: 'ids'; ids: number[] }
  | { mode: 'query'; query: { q?: string; tag?: string; ownerId?: number; companyId?: number; filters?: FieldFilter[]; segmentId?: number } };

export type BulkAction =
  | { type: 'tag' | 'untag'; tags: string[] }
  | { type: 'assignOwner'; ownerId: number | null }
  | { type: 'addToList'; listId: number; consent?: object }
  | { type: 'removeFromList'; listId: number }
  | { type: 'addToSegment'; segmentId: number }
  | { type: 'export' }
  | { type: 'delete' };

export interface BulkOperation {
  id: number;
  action: BulkAction['type'];
  status: 'queued' | 'running' | 'undoable' | 'done' | 'undone' | 'failed';
  total: number;
  processed: number;
  result: Record<string, number>;
  undoUntil: string | null;
  error: string | null;
}

export const bulkExportUrl = (id: number) => `${API}/bulk-operations/${id}/export.csv`;

/** The list's query as a bulk selection of "everything matching". */
export function querySelection(p: ContactListParams): BulkSelection {
  const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));
  return {
    mode: 'query',
    query: { q: p.q || undefined, tag: p.tag || undefined, ownerId: num(p.ownerId), companyId: num(p.companyId), filters: p.filters ?? [], segmentId: num(p.segmentId) },
  };
}

export function useStartBulk() {
  return useMutation({
    mutationFn: (body: { selection: BulkSelection; action: BulkAction }) => http<BulkOperation>('/bulk/contacts', { method: 'POST', body }),
    meta: { silent: true },
  });
}

/** Polls a running operation twice a second until it ends; the contacts list is refreshed then. */
export function useBulkOperation(id: number | null) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ['bulk', id],
    queryFn: async () => {
      const op = await http<BulkOperation>(`/bulk-operations/${id}`);
      if (op.status !== 'queued' && op.status !== 'running') qc.invalidateQueries({ queryKey: ['contacts'] });
      return op;
    },
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'queued' && q.state.data.status !== 'running' ? false : 500),
  });
}

export function useUndoBulk() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<BulkOperation>(`/bulk-operations/${id}/undo`, { method: 'POST' }),
    onSuccess: (op) => {
      qc.setQueryData(['bulk', op.id], op);
      qc.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
}

/** "Turn a segment into a list": a new marketing list holding every contact of the segment, as one bulk operation. */
export function useSegmentToList() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { segmentId: number; name: string; consent: object }) =>
      http<BulkOperation & { listId: number }>('/bulk/segment-to-list', { method: 'POST', body }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['lists'] }),
  });
}
