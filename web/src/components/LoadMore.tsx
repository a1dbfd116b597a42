import { Button, Center } from '@mantine/core';

export function LoadMore({ hasNextPage, isFetchingNextPage, fetchNextPage, testId }: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
  testId?: string;
}) {
  if (!hasNextPage) return null;
  return (
    <Center mt="md">
      <Button variant="default" onClick={() => fetchNextPage()} loading={isFetchingNextPage} data-testid={testId ?? 'load-more'}>
        Load more
      </Button>
    </Center>
  );
}
