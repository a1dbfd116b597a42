import { ActionIcon, Paper, Table, Text, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { QueryState } from '../components/QueryState';

/** A settings collection as a table, each row with its delete button. */
export function SettingsList<T extends { id: number; name: string }>({ query, columns, onDelete, testId }: {
  query: { data?: T[]; isPending: boolean; error: Error | null; refetch: () => unknown };
  columns: [string, (row: T) => ReactNode][];
  onDelete: (row: T) => void;
  testId: string;
}) {
  if (!query.data) return <QueryState isPending={query.isPending} error={query.error} refetch={query.refetch} />;
  if (query.data.length === 0) return <Text c="dimmed" data-testid={`${testId}-empty`}>None yet.</Text>;
  return (
    <Paper withBorder radius="md">
      <Table data-testid={testId}>
        <Table.Thead><Table.Tr>{columns.map(([h]) => <Table.Th key={h}>{h}</Table.Th>)}<Table.Th /></Table.Tr></Table.Thead>
        <Table.Tbody>
          {query.data.map((row) => (
            <Table.Tr key={row.id}>
              {columns.map(([h, cell]) => <Table.Td key={h}>{cell(row)}</Table.Td>)}
              <Table.Td>
                <Tooltip label="Delete"><ActionIcon variant="subtle" color="red" aria-label={`Delete ${row.name}`} onClick={() => onDelete(row)}><IconTrash size={16} /></ActionIcon></Tooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
