import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { http } from '../lib/http';

export interface SearchHit {
  kind: 'contact' | 'company' | 'deal' | 'list';
  id: number;
  title: string;
  subtitle: string | null;
}

export function useGlobalSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ['search', text],
    queryFn: () => http<{ data: SearchHit[] }>('/search', { query: { q: text, limit: 5 } }),
    enabled: text.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

/**
 * Recent items live in this browser's localStorage, per workspace user: they are a convenience
 * of one device, need no request or table, and cannot leak to another user of the workspace.
 * A deleted record simply 404s when opened, and drops off as newer items push it out.
 */
const KEY = 'rapport.recent';
const MAX = 8;
export function readRecent(): SearchHit[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as SearchHit[]).slice(0, MAX) : [];
  } catch {
    return [];
  }
}
export function rememberRecent(hit: SearchHit) {
  const rest = readRecent().filter((h) => !(h.kind === hit.kind && h.id === hit.id));
  localStorage.setItem(KEY, JSON.stringify([hit, ...rest].slice(0, MAX)));
}
