import { Badge, EmptyState, Text } from '@mantine/core';
import { IconFileImport, IconPlus } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { createColumnHelper } from '@tanstack/react-table';
import { DataTable } from '../components/DataTable';
import { ButtonLink } from '../components/links';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatDateTime } from '../lib/format';
import { useImports, type ImportJob } from './api';
import { READABLE_BADGE, STATUS_COLOR } from './ImportProgress';

const col = createColumnHelper<ImportJob>();
const columns = [
  col.accessor('filename', { header: 'File', cell: (c) => <Text fz="sm" fw={500}>{c.getValue()}</Text> }),
  col.accessor('status', {
    header: 'Status',
    cell: (c) => (
      <>
        <Badge color={STATUS_COLOR[c.getValue()]} {...READABLE_BADGE}>{c.getValue()}</Badge>
        {c.row.original.dryRun && <Badge color="gray" ml={4} {...READABLE_BADGE}>dry run</Badge>}
      </>
    ),
  }),
  col.accessor('kind', { header: 'Records' }),
  col.accessor('mode', { header: 'Mode' }),
  col.display({ id: 'rows', header: 'Rows', cell: (c) => `${c.row.original.processed}/${c.row.original.totalRows ?? '?'}` }),
  col.display({
    id: 'result', header: 'Created / updated / failed / skipped',
    cell: (c) => <Text fz="sm">{c.row.original.created} / {c.row.original.updated} / <Text span c={c.row.original.failed ? 'red.8' : undefined}>{c.row.original.failed}</Text> / {c.row.original.skipped ?? 0}</Text>,
  }),
  col.accessor('createdAt', { header: 'When', cell: (c) => <Text fz="sm" c="dimmed">{formatDateTime(c.getValue())}</Text> }),
];

export function ImportsPage() {
  const navigate = useNavigate();
  const list = useImports();
  return (
    <>
      <PageHeader title="Imports" description="CSV imports and their results."
        actions={<ButtonLink to="/imports/new" leftSection={<IconPlus size={16} />} data-testid="new-import">New import</ButtonLink>} />
      {list.error ? <QueryState isPending={false} error={list.error} refetch={list.refetch} /> : (
        <DataTable data={list.data?.data ?? []} columns={columns} loading={list.isPending} getRowId={(i) => String(i.id)}
          onRowClick={(i) => navigate({ to: '/imports/$id', params: { id: String(i.id) } })} hideOnMobile={['mode', 'rows', 'createdAt']}
          testId="imports-table"
          empty={<EmptyState icon={<IconFileImport size={28} />} variant="light" title="No imports yet" description="Upload a CSV file to bring in contacts." />} />
      )}
    </>
  );
}
