import { Alert, Button, Center, Loader } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

/** Loading spinner or error box for a query; renders nothing once data is there. */
export function QueryState({ isPending, error, refetch }: { isPending: boolean; error: Error | null; refetch?: () => unknown }) {
  if (error) {
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Could not load">
        {error.message}
        {refetch && <Button size="xs" variant="light" color="red" ml="sm" onClick={() => refetch()}>Retry</Button>}
      </Alert>
    );
  }
  if (isPending) return <Center py="xl"><Loader /></Center>;
  return null;
}
