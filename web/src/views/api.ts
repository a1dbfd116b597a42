import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, type QueryValue } from '../lib/http';
import type { FieldFilter } from '../contacts/api';

export type ViewEntity = 'contact' | 'company' | 'deal';
export interface ViewConfig {
  columns: string[];
  sort?: string;
  order?: 'asc' | 'desc';
  q?: string;
  tag?: string;
  ownerId?: number;
  /** Deal views only. */
  status?: 'open' | 'won' | 'lost';
  filters: FieldFilter[];
  pageSize: 25 | 50 | 100;
}
export interface SavedView {
  id: number;
  entity: ViewEntity;
  name: string;
  shared: boolean;
  mine: boolean;
  config: ViewConfig;
}

export function useSavedViews(entity: ViewEntity) {
  return useQuery({ queryKey: ['views', entity], queryFn: () => http<{ data: SavedView[] }>('/views', { query: { entity } }) });
}

export function useSaveView(entity: ViewEntity) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { name: string; shared: boolean; config: ViewConfig }) => http<SavedView>('/views', { method: 'POST', body: { entity, ...v } }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['views', entity] }),
  });
}

export function useDeleteView(entity: ViewEntity) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/views/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['views', entity] }),
  });
}

const COUNT_PATH: Record<ViewEntity, string> = { contact: 'contacts', company: 'companies', deal: 'deals' };

/** The list's total for its query (exact up to 100,000, else an estimate labelled as one). */
export function useListTotal(entity: ViewEntity, query: Record<string, QueryValue>) {
  return useQuery({
    queryKey: [COUNT_PATH[entity], 'count', query],
    queryFn: () => http<{ count: number; estimated: boolean }>(`/views/count/${COUNT_PATH[entity]}`, { query }),
    staleTime: 5_000,
  });
}

export function totalLabel(t: { count: number; estimated: boolean } | undefined, noun: string, plural: string) {
  if (!t) return 'Counting…';
  const word = t.count === 1 ? noun : plural;
  return t.estimated ? `about ${t.count.toLocaleString('en')} ${plural} (estimate)` : `${t.count.toLocaleString('en')} ${word}`;
}
