import { Badge, Box, Button, Group, Stack, Text } from '@mantine/core';
import { useDroppable } from '@dnd-kit/core';
import { useMediaQuery } from '@mantine/hooks';
import type { BoardColumn as Column } from './api';
import { DealCard } from './DealCard';
import { formatMoney } from './money';

export function ColumnTotals({ column }: { column: Column }) {
  if (!column.totals.length) return <Text fz="xs" c="dimmed" data-testid="column-total">No value yet</Text>;
  return (
    <Stack gap={0}>
      {column.totals.map((t) => (
        <Text key={t.currency} fz="xs" c="dimmed" data-testid="column-total" data-currency={t.currency}>
          <Text span fz="xs" fw={600} c="dark">{formatMoney(t.value, t.currency)}</Text>
          {' · weighted '}
          <span data-testid="column-weighted">{formatMoney(t.weighted, t.currency)}</span>
        </Text>
      ))}
    </Stack>
  );
}

export function BoardColumn({ column, canMove, onLoadMore, loadingMore }: {
  column: Column;
  canMove: boolean;
  onLoadMore: () => void;
  loadingMore: boolean;
}) {
  // Phones: one column and a peek of the next; wider screens: columns share the width, scrolling past 4–5.
  const phone = useMediaQuery('(max-width: 36em)');
  const { setNodeRef, isOver } = useDroppable({ id: `stage-${column.id}`, data: { stageId: column.id } });
  return (
    <Box data-testid="board-column" data-stage-id={column.id} data-count={column.count}
      style={{
        flex: phone ? '0 0 82vw' : '1 0 230px', maxWidth: phone ? undefined : 340, display: 'flex', flexDirection: 'column', borderRadius: 10, scrollSnapAlign: 'start',
        background: isOver ? 'var(--mantine-color-indigo-0)' : 'var(--mantine-color-gray-1)',
        outline: isOver ? '2px dashed var(--mantine-color-indigo-4)' : undefined, transition: 'background 120ms',
      }}>
      <Box p="sm" pb={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={700} fz="sm" truncate>{column.name}</Text>
          <Group gap={6} wrap="nowrap">
            <Text fz="xs" c="dimmed">{column.probability}%</Text>
            <Badge size="md" color="gray" variant="filled" data-testid="column-count">{column.count}</Badge>
          </Group>
        </Group>
        <ColumnTotals column={column} />
      </Box>
      <Stack ref={setNodeRef} gap="xs" p="xs" pt={4} style={{ flex: 1, minHeight: 140 }}>
        {column.deals.map((d) => <DealCard key={d.id} deal={d} disabled={!canMove} />)}
        {!column.deals.length && (
          <Text fz="xs" c="dimmed" ta="center" py="lg" style={{ border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 8 }}>
            {canMove ? 'Drop a deal here' : 'No deals'}
          </Text>
        )}
        {column.nextCursor && (
          <Button variant="subtle" size="xs" onClick={onLoadMore} loading={loadingMore} data-testid="column-load-more">
            Load more ({column.count - column.deals.length} more)
          </Button>
        )}
      </Stack>
    </Box>
  );
}
