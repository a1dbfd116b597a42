import { Badge, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { TagBadges } from '../components/TagBadges';
import { formatDate, formatRelative } from '../lib/format';
import type { Deal, DealStatus } from './api';
import { formatMoney } from './money';

const col = createColumnHelper<Deal>();
const dim = (v: string | null | undefined) => (v ? <Text fz="sm">{v}</Text> : <Text fz="sm" c="dimmed">—</Text>);
export const STATUS_COLOR: Record<DealStatus, string> = { open: 'blue', won: 'teal', lost: 'red' };

export const dealColumns = [
  col.accessor('title', {
    id: 'title',
    header: 'Deal',
    cell: (c) => (
      <>
        <Text fz="sm" fw={500} c="indigo.8">{c.getValue()}</Text>
        <Text fz="xs" c="dimmed" hiddenFrom="sm">{[formatMoney(c.row.original.value, c.row.original.currency), c.row.original.stage.name].join(' · ')}</Text>
      </>
    ),
  }),
  col.accessor('value', { id: 'value', header: 'Value', cell: (c) => <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>{formatMoney(c.getValue(), c.row.original.currency)}</Text> }),
  col.accessor((d) => d.stage.name, { id: 'stage', header: 'Stage', cell: (c) => <Text fz="sm">{c.getValue()}</Text> }),
  col.accessor('status', { id: 'status', header: 'Status', cell: (c) => <Badge color={STATUS_COLOR[c.getValue()]}>{c.getValue()}</Badge> }),
  col.accessor((d) => d.company?.name ?? null, { id: 'company', header: 'Company', cell: (c) => dim(c.getValue()) }),
  col.accessor((d) => d.owner?.name ?? null, { id: 'owner', header: 'Owner', cell: (c) => dim(c.getValue()) }),
  col.accessor('expectedCloseDate', { id: 'expectedCloseDate', header: 'Close date', cell: (c) => <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>{formatDate(c.getValue())}</Text> }),
  col.accessor('tags', { id: 'tags', header: 'Tags', cell: (c) => <TagBadges tags={c.getValue() ?? []} /> }),
  col.accessor('updatedAt', { id: 'updatedAt', header: 'Updated', cell: (c) => <Text fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatRelative(c.getValue())}</Text> }),
];
