// The state of one list page (filters, sort, page size, columns), kept for the browser tab so a
// back navigation finds the list as it was left, and turned to and from a saved view's config.
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import type { FieldFilter, FilterOp } from '../contacts/api';
import type { CustomField } from '../settings/api';
import type { SavedView, ViewConfig, ViewEntity } from './api';

export interface BaseFilters {
  search: string;
  tag: string;
  ownerId: number | null;
  field: string | null;
  op: FilterOp | null;
  value: string;
}
export const EMPTY_BASE_FILTERS: BaseFilters = { search: '', tag: '', ownerId: null, field: null, op: null, value: '' };

export type PageSize = 25 | 50 | 100;
export interface ListState<F extends BaseFilters> {
  filters: F;
  sort: { key: string; desc: boolean };
  pageSize: PageSize;
  columns: string[];
}

export const needsValue = (op: FilterOp | null) => op !== 'isEmpty' && op !== 'isNotEmpty';

/** The one field filter as the API takes it; number and yes/no custom fields compare typed values, not text. */
export function fieldFilters(f: BaseFilters, custom: CustomField[] | undefined): FieldFilter[] | undefined {
  if (!f.field || !f.op || (needsValue(f.op) && f.value === '')) return undefined;
  const type = custom?.find((cf) => `custom.${cf.key}` === f.field)?.type;
  const value = type === 'number' && f.value.trim() !== '' && !Number.isNaN(Number(f.value)) ? Number(f.value)
    : type === 'boolean' ? /^(true|yes|1)$/i.test(f.value.trim()) : f.value;
  return [{ field: f.field, op: f.op, ...(needsValue(f.op) ? { value } : {}) }];
}

function readStored<T>(key: string, fallback: T): T {
  try {
    const raw = sessionStorage.getItem(key);
    return raw ? { ...fallback, ...(JSON.parse(raw) as T) } : fallback;
  } catch {
    return fallback;
  }
}

/**
 * List state for `entity`, restored from sessionStorage. `debounced` lags typing by 300 ms so the
 * list queries once per pause; `config` is what "Save view" stores and `applyView` loads one.
 */
export function useListView<F extends BaseFilters & { status?: string | null }>(entity: ViewEntity, initial: ListState<F>, custom?: CustomField[]) {
  const key = `rapport:list-view:${entity}`;
  const [state, setState] = useState<ListState<F>>(() => readStored(key, initial));
  useEffect(() => sessionStorage.setItem(key, JSON.stringify(state)), [key, state]);
  const [debounced] = useDebouncedValue(state.filters, 300);
  const set = <K extends keyof ListState<F>>(k: K) => (v: ListState<F>[K]) => setState((s) => ({ ...s, [k]: v }));

  const config: ViewConfig = useMemo(() => {
    const f = state.filters;
    return {
      columns: state.columns, sort: state.sort.key, order: state.sort.desc ? 'desc' : 'asc', pageSize: state.pageSize,
      q: f.search.trim() || undefined, tag: f.tag.trim() || undefined, ownerId: f.ownerId ?? undefined,
      ...(f.status ? { status: f.status as ViewConfig['status'] } : {}),
      filters: fieldFilters(f, custom) ?? [],
    };
  }, [state, custom]);

  const applyView = (v: SavedView) => {
    const c = v.config;
    const f = c.filters[0];
    setState({
      filters: {
        ...initial.filters, search: c.q ?? '', tag: c.tag ?? '', ownerId: c.ownerId ?? null,
        ...('status' in initial.filters ? { status: c.status ?? null } : {}),
        field: f?.field ?? null, op: f?.op ?? null, value: f?.value === undefined ? '' : String(f.value),
      },
      sort: c.sort ? { key: c.sort, desc: c.order !== 'asc' } : initial.sort,
      pageSize: c.pageSize,
      columns: c.columns,
    });
  };

  return {
    state, debounced, config, applyView,
    setFilters: set('filters'), setSort: set('sort'), setPageSize: set('pageSize'), setColumns: set('columns'),
    dirty: JSON.stringify(state.filters) !== JSON.stringify(initial.filters),
  };
}
