// Deals: the board (with optimistic moves), the table list, one deal, its costs and stage history.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CustomValue, FieldFilter } from '../contacts/api';
import { http, type Page } from '../lib/http';

export type DealStatus = 'open' | 'won' | 'lost';
type Ref = { id: number; name: string };

export interface Deal {
  id: number;
  title: string;
  value: number;
  currency: string;
  expectedCloseDate: string | null;
  status: DealStatus;
  pipelineId: number;
  pipeline: Ref;
  stageId: number;
  stage: { id: number; name: string; probability: number };
  ownerId: number | null;
  owner: Ref | null;
  companyId: number | null;
  company: Ref | null;
  contactIds: number[];
  contacts: { id: number; fullName: string }[];
  tags: string[];
  custom: Record<string, CustomValue>;
  lostReasonId: number | null;
  lostReason: { id: number; label: string } | null;
  lostNote: string | null;
  wonAt: string | null;
  lostAt: string | null;
  closedAt: string | null;
  stageEnteredAt: string;
  salesCycleDays: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Financials {
  currency: string;
  revenue: number;
  costs: number;
  margin: number;
  marginPercent: number | null;
}

export type DealWithFinancials = Deal & { financials: Financials };

export interface DealInput {
  title?: string;
  value?: number;
  currency?: string;
  expectedCloseDate?: string | null;
  pipelineId?: number;
  stageId?: number;
  ownerId?: number | null;
  companyId?: number | null;
  contactIds?: number[];
  tags?: string[];
  custom?: Record<string, CustomValue>;
}

export interface CurrencyTotal {
  currency: string;
  value: number;
  weighted: number;
}

export interface BoardColumn {
  id: number;
  name: string;
  position: number;
  probability: number;
  count: number;
  totals: CurrencyTotal[];
  deals: Deal[];
  nextCursor: string | null;
}

export interface Board {
  pipeline: Ref;
  stages: BoardColumn[];
}

const BOARD_LIMIT = 20;
const boardKey = (pipelineId: number, ownerId: number | null) => ['deals', 'board', pipelineId, ownerId ?? null] as const;

export function useBoard(pipelineId: number | null, ownerId: number | null) {
  return useQuery({
    queryKey: boardKey(pipelineId ?? 0, ownerId),
    queryFn: () => http<Board>(`/pipelines/${pipelineId}/board`, { query: { limit: BOARD_LIMIT, ownerId: ownerId ?? undefined } }),
    enabled: pipelineId != null,
    placeholderData: keepPreviousData,
  });
}

/** "Load more" of one column: fetches the next page of that stage and appends it in the cached board. */
export function useLoadMoreColumn(pipelineId: number, ownerId: number | null) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (col: BoardColumn) =>
      http<Board>(`/pipelines/${pipelineId}/board`, { query: { limit: BOARD_LIMIT, ownerId: ownerId ?? undefined, stageId: col.id, cursor: col.nextCursor } }),
    onSuccess: (page, col) => {
      const more = page.stages[0];
      if (!more) return;
      qc.setQueryData<Board>(boardKey(pipelineId, ownerId), (b) => b && {
        ...b,
        stages: b.stages.map((s) => s.id !== col.id ? s : {
          ...s, nextCursor: more.nextCursor,
          deals: [...s.deals, ...more.deals.filter((d) => !s.deals.some((x) => x.id === d.id))],
        }),
      });
    },
  });
}

function addTotal(totals: CurrencyTotal[], currency: string, value: number, probability: number, sign: 1 | -1): CurrencyTotal[] {
  const round = (n: number) => Math.round(n * 100) / 100;
  const existing = totals.find((t) => t.currency === currency);
  const next = existing ? totals : [...totals, { currency, value: 0, weighted: 0 }];
  return next
    .map((t) => t.currency !== currency ? t : { ...t, value: round(t.value + sign * value), weighted: round(t.weighted + (sign * value * probability) / 100) })
    .filter((t) => t.value !== 0 || t.weighted !== 0);
}

/** Moves a deal between columns of a cached board: counts, totals and card lists. */
export function moveInBoard(board: Board, dealId: number, toStageId: number): Board {
  const from = board.stages.find((s) => s.deals.some((d) => d.id === dealId));
  const to = board.stages.find((s) => s.id === toStageId);
  if (!from || !to || from.id === to.id) return board;
  const deal = from.deals.find((d) => d.id === dealId)!;
  const moved: Deal = { ...deal, stageId: to.id, stage: { id: to.id, name: to.name, probability: to.probability } };
  return {
    ...board,
    stages: board.stages.map((s) => {
      if (s.id === from.id) {
        return { ...s, count: s.count - 1, deals: s.deals.filter((d) => d.id !== dealId), totals: addTotal(s.totals, deal.currency, deal.value, s.probability, -1) };
      }
      if (s.id === to.id) {
        const deals = [...s.deals, moved].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
        return { ...s, count: s.count + 1, deals, totals: addTotal(s.totals, deal.currency, deal.value, s.probability, 1) };
      }
      return s;
    }),
  };
}

function invalidateDeal(qc: QueryClient, id: number) {
  qc.invalidateQueries({ queryKey: ['deals'] });
  qc.invalidateQueries({ queryKey: ['timeline', 'deals', id] });
  qc.invalidateQueries({ queryKey: ['timeline', 'contacts'] });
  qc.invalidateQueries({ queryKey: ['timeline', 'companies'] });
}

/** POST /deals/:id/move with an optimistic update of every cached board; rolled back on error. */
export function useMoveDeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ dealId, stageId }: { dealId: number; stageId: number }) => http<Deal>(`/deals/${dealId}/move`, { method: 'POST', body: { stageId } }),
    meta: { silent: true },
    onMutate: async ({ dealId, stageId }) => {
      await qc.cancelQueries({ queryKey: ['deals', 'board'] });
      const snapshot = qc.getQueriesData<Board>({ queryKey: ['deals', 'board'] });
      for (const [key, board] of snapshot) if (board) qc.setQueryData<Board>(key, moveInBoard(board, dealId, stageId));
      return { snapshot };
    },
    onError: (_err, _v, ctx) => {
      for (const [key, board] of ctx?.snapshot ?? []) qc.setQueryData(key, board);
    },
    onSettled: (_d, _e, { dealId }) => invalidateDeal(qc, dealId),
  });
}

export interface DealListParams {
  q?: string;
  sort?: 'createdAt' | 'updatedAt' | 'title' | 'value' | 'expectedCloseDate';
  order?: 'asc' | 'desc';
  pipelineId?: number;
  stageId?: number;
  ownerId?: number;
  companyId?: number;
  contactId?: number;
  status?: DealStatus;
  tag?: string;
  filters?: FieldFilter[];
}

/** The list's query string, shared by the list and its total. */
export const dealListQuery = (p: DealListParams) => ({ ...p, filters: p.filters?.length ? JSON.stringify(p.filters) : undefined });

export function useDeals(p: DealListParams, limit = 50, enabled = true) {
  return useInfiniteQuery({
    queryKey: ['deals', 'list', p, limit],
    queryFn: ({ pageParam }) => http<Page<Deal>>('/deals', { query: { ...dealListQuery(p), limit, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useDeal(id: number) {
  return useQuery({ queryKey: ['deals', 'one', id], queryFn: () => http<DealWithFinancials>(`/deals/${id}`) });
}

export function useCreateDeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DealInput) => http<Deal>('/deals', { method: 'POST', body: input }),
    meta: { silent: true },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['deals'] }),
  });
}

export function useUpdateDeal(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: DealInput) => http<Deal>(`/deals/${id}`, { method: 'PATCH', body: input }),
    meta: { silent: true },
    onSuccess: () => invalidateDeal(qc, id),
  });
}

/** Stage moves, won / lost and reopen from the deal page. */
export function useDealStatus(id: number) {
  const qc = useQueryClient();
  const onSettled = () => invalidateDeal(qc, id);
  const move = useMutation({
    mutationFn: (stageId: number) => http<Deal>(`/deals/${id}/move`, { method: 'POST', body: { stageId } }),
    onSettled,
  });
  const close = useMutation({
    mutationFn: (body: { status: 'won' | 'lost'; lostReasonId?: number | null; lostNote?: string | null }) =>
      http<Deal>(`/deals/${id}/close`, { method: 'POST', body }),
    onSettled,
  });
  const reopen = useMutation({ mutationFn: () => http<Deal>(`/deals/${id}/reopen`, { method: 'POST' }), onSettled });
  return { move, close, reopen };
}

export function useDeleteDeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/deals/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['deals'] }),
  });
}

export interface StageStay {
  id: number;
  fromStage: Ref | null;
  toStage: Ref;
  enteredAt: string;
  leftAt: string | null;
  secondsInStage: number;
}

export function useDealHistory(id: number) {
  return useQuery({ queryKey: ['deals', 'history', id], queryFn: () => http<{ data: StageStay[] }>(`/deals/${id}/history`), select: (r) => r.data });
}

export interface Cost {
  id: number;
  dealId: number;
  label: string;
  amount: number;
  date: string;
  createdAt: string;
}

export function useDealCosts(id: number) {
  return useQuery({ queryKey: ['deals', 'costs', id], queryFn: () => http<{ data: Cost[]; financials: Financials }>(`/deals/${id}/costs`) });
}

export function useCostMutations(id: number) {
  const qc = useQueryClient();
  const onSuccess = () => invalidateDeal(qc, id);
  const add = useMutation({
    mutationFn: (body: { label: string; amount: number; date: string }) => http<Cost>(`/deals/${id}/costs`, { method: 'POST', body }),
    meta: { silent: true },
    onSuccess,
  });
  const remove = useMutation({ mutationFn: (costId: number) => http<void>(`/deals/${id}/costs/${costId}`, { method: 'DELETE' }), onSuccess });
  return { add, remove };
}
