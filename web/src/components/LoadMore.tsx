import { Button, Center } from '@mantine/core';
import { useEffect, useRef } from 'react';

/**
 * The next page of a list. With `auto` the page loads as the end of the list comes near (infinite
 * scroll); the button stays, for keyboards and for when the observer is not available.
 */
export function LoadMore({ hasNextPage, isFetchingNextPage, fetchNextPage, testId, auto = false }: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  testId?: string;
  auto?: boolean;
}) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!auto || !el || !hasNextPage || isFetchingNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => { if (entries.some((e) => e.isIntersecting)) fetchNextPage(); }, { rootMargin: '400px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [auto, hasNextPage, isFetchingNextPage, fetchNextPage]);
  if (!hasNextPage) return null;
  return (
    <Center mt="md" ref={sentinel}>
      <Button variant="default" onClick={() => fetchNextPage()} loading={isFetchingNextPage} data-testid={testId ?? 'load-more'}>
        Load more
      </Button>
    </Center>
  );
}
