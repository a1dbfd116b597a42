import { useEffect, useMemo, useRef } from 'react';

interface Paging {
  rows: number;
  hasNextPage: boolean;
  isFetching: boolean;
  fetchNextPage: () => unknown;
}

/** At most this many pages are fetched to get back to a position (50–100 rows each). */
const MAX_RESTORE_PAGES = 20;

/**
 * Keeps a long list's scroll position for the browser tab: saved while the user scrolls, and on
 * return (the back button, or the nav link) the window goes back to it once the rows are there,
 * fetching further pages first when the cached ones no longer reach that far.
 */
export function useKeepScroll(key: string, paging: Paging) {
  const storageKey = `rapport:scroll:${key}`;
  const target = useRef<number | null>(null);
  const fetched = useRef(0);
  if (target.current === null) target.current = Number(sessionStorage.getItem(storageKey) ?? 0);

  useEffect(() => {
    // Until the old position is reached, scroll events (layout, a reset by the router) are not the user's.
    const onScroll = () => { if (target.current === 0) sessionStorage.setItem(storageKey, String(Math.round(window.scrollY))); };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, [storageKey]);

  const { rows, hasNextPage, isFetching, fetchNextPage } = paging;
  useEffect(() => {
    const want = target.current ?? 0;
    if (want === 0 || rows === 0) return;
    const reachable = document.documentElement.scrollHeight - window.innerHeight >= want;
    if (!reachable && hasNextPage && fetched.current < MAX_RESTORE_PAGES) {
      if (!isFetching) { fetched.current += 1; fetchNextPage(); }
      return;
    }
    if (isFetching && !reachable) return;
    // A frame later, so the router's own scroll reset after a navigation has happened first.
    const frame = requestAnimationFrame(() => {
      window.scrollTo(0, want);
      target.current = 0;
    });
    return () => cancelAnimationFrame(frame);
  }, [rows, hasNextPage, isFetching, fetchNextPage]);
}

/** The loaded rows of an infinite list, its scroll position kept under `key`. */
export function useListRows<T>(key: string, list: { data?: { pages: { data: T[] }[] } } & Omit<Paging, 'rows'>): T[] {
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  useKeepScroll(key, { rows: rows.length, hasNextPage: list.hasNextPage, isFetching: list.isFetching, fetchNextPage: list.fetchNextPage });
  return rows;
}
