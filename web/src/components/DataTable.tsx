import { Box, Center, Loader, Paper, Table, Text, UnstyledButton, Group, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import {
  flexRender, getCoreRowModel, useReactTable,
  type ColumnDef, type Row, type VisibilityState,
} from '@tanstack/react-table';
import { Fragment, type ReactNode } from 'react';

export interface SortState {
  id: string;
  desc: boolean;
}

interface Props<T> {
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  loading?: boolean;
  empty?: ReactNode;
  onRowClick?: (row: T) => void;
  /** Column ids hidden below the `sm` breakpoint. */
  hideOnMobile?: string[];
  /** Server-side sorting: header clicks on `sortable` columns call onSortChange. */
  sort?: SortState;
  sortable?: string[];
  onSortChange?: (s: SortState) => void;
  renderExpanded?: (row: Row<T>) => ReactNode;
  expanded?: Record<string, boolean>;
  getRowId?: (row: T) => string;
  minWidth?: number;
  testId?: string;
}

export function DataTable<T>(p: Props<T>) {
  const mobile = useMediaQuery('(max-width: 48em)');
  const columnVisibility: VisibilityState = {};
  if (mobile) for (const id of p.hideOnMobile ?? []) columnVisibility[id] = false;
  const table = useReactTable({
    data: p.data,
    columns: p.columns,
    state: { columnVisibility },
    getCoreRowModel: getCoreRowModel(),
    getRowId: p.getRowId,
    manualSorting: true,
  });

  const header = (id: string, label: ReactNode) => {
    if (!p.sortable?.includes(id) || !p.onSortChange) return label;
    const active = p.sort?.id === id;
    const Icon = !active ? IconSelector : p.sort!.desc ? IconChevronDown : IconChevronUp;
    return (
      // Named by the column's visible label (label-in-name); the hidden words say what a click does.
      <UnstyledButton onClick={() => p.onSortChange!({ id, desc: active ? !p.sort!.desc : false })} data-testid={`sort-${id}`}>
        <Group gap={4} wrap="nowrap"><Text fw={600} fz="sm">{label}</Text><Icon size={14} aria-hidden /><VisuallyHidden>, sort</VisuallyHidden></Group>
      </UnstyledButton>
    );
  };

  const colCount = table.getVisibleLeafColumns().length;
  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={mobile ? 0 : (p.minWidth ?? 700)}>
        <Table highlightOnHover={!!p.onRowClick} verticalSpacing="sm" data-testid={p.testId}>
          <Table.Thead bg="gray.0">
            {table.getHeaderGroups().map((hg) => (
              <Table.Tr key={hg.id}>
                {hg.headers.map((h) => (
                  <Table.Th key={h.id} style={{ whiteSpace: 'nowrap' }}>
                    {h.isPlaceholder ? null : header(h.column.id, flexRender(h.column.columnDef.header, h.getContext()))}
                  </Table.Th>
                ))}
              </Table.Tr>
            ))}
          </Table.Thead>
          <Table.Tbody>
            {table.getRowModel().rows.map((row) => (
              <Fragment key={row.id}>
                <Table.Tr style={p.onRowClick ? { cursor: 'pointer' } : undefined}
                  onClick={p.onRowClick ? () => p.onRowClick!(row.original) : undefined}>
                  {row.getVisibleCells().map((cell) => (
                    <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>
                  ))}
                </Table.Tr>
                {p.renderExpanded && p.expanded?.[row.id] && (
                  <Table.Tr><Table.Td colSpan={colCount} bg="gray.0">{p.renderExpanded(row)}</Table.Td></Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {p.loading && !p.data.length && <Center py="xl"><Loader size="sm" /></Center>}
      {!p.loading && !p.data.length && <Box py="xl" px="md">{p.empty ?? <Text c="dimmed" ta="center">Nothing here yet.</Text>}</Box>}
    </Paper>
  );
}
