import { Paper, Table, Text, Title } from '@mantine/core';
import { QueryState } from '../components/QueryState';
import { formatDateTime } from '../lib/format';
import { useDealHistory } from './api';
import { formatDuration } from './money';

/** Every stay of the deal in a stage, with how long it lasted (the current one still running). */
export function StageHistory({ dealId }: { dealId: number }) {
  const history = useDealHistory(dealId);
  const rows = [...(history.data ?? [])].reverse();
  return (
    <Paper withBorder radius="md" p="md" data-testid="stage-history">
      <Title order={3} fz="h5" mb="sm">Stage history</Title>
      <QueryState isPending={history.isPending} error={history.error} />
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={360}>
          <Table verticalSpacing={6} fz="sm">
            <Table.Thead><Table.Tr><Table.Th>Stage</Table.Th><Table.Th>Entered</Table.Th><Table.Th>Time in stage</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((h) => {
                const seconds = h.leftAt ? h.secondsInStage : (Date.now() - new Date(h.enteredAt).getTime()) / 1000;
                return (
                  <Table.Tr key={h.id} data-testid="stage-history-row">
                    <Table.Td>{h.toStage.name}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(h.enteredAt)}</Table.Td>
                    <Table.Td>{formatDuration(seconds)}{!h.leftAt && <Text span fz="xs" c="dimmed"> (current)</Text>}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
