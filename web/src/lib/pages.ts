import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { http, type Page, type QueryValue } from './http';

/** "Load more" over a keyset-paged GET: each page asks for the next one with the cursor the last one gave. */
export function useKeysetPages<T>(queryKey: QueryKey, path: string, query: Record<string, QueryValue> = {}, enabled = true) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => http<Page<T>>(path, { query: { ...query, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}
