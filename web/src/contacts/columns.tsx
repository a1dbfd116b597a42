import { Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { TagBadges } from '../components/TagBadges';
import { formatRelative } from '../lib/format';
import type { Contact } from './api';

const col = createColumnHelper<Contact>();
const dim = (v: string | null | undefined) => (v ? <Text fz="sm">{v}</Text> : <Text fz="sm" c="dimmed">—</Text>);

export const contactColumns = [
  col.accessor('fullName', {
    id: 'name',
    header: 'Name',
    cell: (c) => (
      <>
        <Text fz="sm" fw={500} c="indigo.8">{c.getValue() || [c.row.original.firstName, c.row.original.lastName].join(' ').trim() || '(no name)'}</Text>
        {c.row.original.email && <Text fz="xs" c="dimmed" hiddenFrom="sm" truncate maw={200}>{c.row.original.email}</Text>}
      </>
    ),
  }),
  col.accessor('email', { id: 'email', header: 'Email', cell: (c) => dim(c.getValue()) }),
  col.accessor('phone', { id: 'phone', header: 'Phone', cell: (c) => dim(c.getValue()) }),
  col.accessor((c) => c.company?.name ?? null, { id: 'company', header: 'Company', cell: (c) => dim(c.getValue()) }),
  col.accessor((c) => c.owner?.name ?? null, { id: 'owner', header: 'Owner', cell: (c) => dim(c.getValue()) }),
  col.accessor('tags', { id: 'tags', header: 'Tags', cell: (c) => <TagBadges tags={c.getValue() ?? []} /> }),
  col.accessor('updatedAt', { id: 'updatedAt', header: 'Updated', cell: (c) => <Text fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatRelative(c.getValue())}</Text> }),
];
