import { Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { TagBadges } from '../components/TagBadges';
import { formatRelative } from '../lib/format';
import type { Company } from './api';

const col = createColumnHelper<Company>();
const dim = (v: string | null | undefined) => (v ? <Text fz="sm">{v}</Text> : <Text fz="sm" c="dimmed">—</Text>);

export const companyColumns = [
  col.accessor('name', { id: 'name', header: 'Name', cell: (c) => <Text fz="sm" fw={500} c="indigo.8">{c.getValue()}</Text> }),
  col.accessor('domain', { id: 'domain', header: 'Domain', cell: (c) => dim(c.getValue()) }),
  col.accessor('industry', { id: 'industry', header: 'Industry', cell: (c) => dim(c.getValue()) }),
  col.accessor('phone', { id: 'phone', header: 'Phone', cell: (c) => dim(c.getValue()) }),
  col.accessor((c) => c.owner?.name ?? null, { id: 'owner', header: 'Owner', cell: (c) => dim(c.getValue()) }),
  col.accessor('contactCount', { id: 'contacts', header: 'Contacts', cell: (c) => <Text fz="sm">{c.getValue() ?? 0}</Text> }),
  col.accessor('tags', { id: 'tags', header: 'Tags', cell: (c) => <TagBadges tags={c.getValue() ?? []} /> }),
  col.accessor('updatedAt', { id: 'updatedAt', header: 'Updated', cell: (c) => <Text fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatRelative(c.getValue())}</Text> }),
];
