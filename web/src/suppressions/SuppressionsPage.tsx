import { Alert, Badge, Button, EmptyState, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBan, IconDownload, IconPlus, IconSearch, IconUpload } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { usePermissions } from '../auth/api';
import { ConfirmModal } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { RowDeleteAction } from '../components/RowDeleteAction';
import { QueryState } from '../components/QueryState';
import { formatDateTime, formatRelative } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { AddSuppressionModal } from './AddSuppressionModal';
import { SUPPRESSIONS_WRITE, suppressionsCsvUrl, useRemoveSuppression, useSuppressions, type Suppression, type SuppressionReason } from './api';
import { ImportSuppressionsModal } from './ImportSuppressionsModal';

export const REASON: Record<SuppressionReason, { label: string; color: string }> = {
  unsubscribed: { label: 'Unsubscribed', color: 'gray' },
  hard_bounce: { label: 'Hard bounce', color: 'orange' },
  complaint: { label: 'Complaint', color: 'red' },
  manual: { label: 'Manual', color: 'indigo' },
  imported: { label: 'Imported', color: 'teal' },
  erased: { label: 'Erased', color: 'dark' },
};
const col = createColumnHelper<Suppression>();

export function SuppressionsPage() {
  const { can } = usePermissions();
  const writable = can(SUPPRESSIONS_WRITE);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const list = useSuppressions(q);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const remove = useRemoveSuppression();
  const [modal, setModal] = useState<'add' | 'import' | null>(null);
  const [confirm, setConfirm] = useState<Suppression | null>(null);

  const columns = [
    col.accessor('email', {
      id: 'email', header: 'Address',
      cell: (c) => c.getValue() ? <Text fz="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>{c.getValue()}</Text>
        : <Text fz="sm" c="dimmed" fs="italic" title="Only a one-way hash of the address is kept">Erased contact</Text>,
    }),
    col.accessor('reason', { id: 'reason', header: 'Reason', cell: (c) => <Badge variant="light" color={REASON[c.getValue()]?.color}>{REASON[c.getValue()]?.label ?? c.getValue()}</Badge> }),
    col.accessor('note', { id: 'note', header: 'Note', cell: (c) => <Text fz="sm" c="dimmed" lineClamp={2} maw={320}>{c.getValue() ?? ''}</Text> }),
    col.accessor('createdAt', { id: 'createdAt', header: 'Since', cell: (c) => <Text fz="sm" c="dimmed" title={formatDateTime(c.getValue())} style={{ whiteSpace: 'nowrap' }}>{formatRelative(c.getValue())}</Text> }),
    col.display({
      id: 'actions', header: '',
      cell: (c) => writable && c.row.original.reason !== 'erased' && (
        <RowDeleteAction label="Remove from suppression list" testId="suppression-remove" loading={remove.isPending && remove.variables === c.row.original.id}
          onClick={() => setConfirm(c.row.original)} />
      ),
    }),
  ];

  return (
    <>
      <PageHeader title="Suppressions" description="Addresses no marketing email may ever reach, whatever list they are on."
        actions={<>
          <Button component="a" href={suppressionsCsvUrl} download="suppressions.csv" variant="default" leftSection={<IconDownload size={16} />}
            data-testid="suppressions-export">Export CSV</Button>
          {writable && <Button variant="default" leftSection={<IconUpload size={16} />} onClick={() => setModal('import')} data-testid="suppressions-import">Import CSV</Button>}
          {writable && <Button leftSection={<IconPlus size={16} />} onClick={() => setModal('add')} data-testid="suppression-add">Add</Button>}
        </>} />
      <TextInput placeholder="Search by address" leftSection={<IconSearch size={16} />} value={search} mb="md" maw={420} aria-label="Search suppressions"
        onChange={(e) => setSearch(e.currentTarget.value)} data-testid="suppressions-search" />
      {remove.error && <Alert color="red" mb="md" withCloseButton onClose={() => remove.reset()}>{remove.error.message}</Alert>}
      {list.error ? <QueryState isPending={false} error={list.error} refetch={list.refetch} /> : (
        <DataTable testId="suppressions-table" data={rows} columns={columns} loading={list.isPending} getRowId={(s) => String(s.id)} minWidth={680}
          hideOnMobile={['note', 'createdAt']}
          empty={<EmptyState icon={<IconBan size={28} />} variant="light" title={q ? 'No match' : 'Nobody is suppressed'}
            description={q ? `No suppressed address contains “${q}”.` : 'Unsubscribes, bounces and complaints land here on their own; you can also add addresses.'} />} />
      )}
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      <AddSuppressionModal opened={modal === 'add'} onClose={() => setModal(null)} />
      <ImportSuppressionsModal opened={modal === 'import'} onClose={() => setModal(null)} />
      <ConfirmModal opened={confirm !== null} onClose={() => setConfirm(null)} title="Remove suppression" confirmLabel="Remove" testId="suppression-remove-confirm"
        message={<>Allow marketing email to {confirm?.email} again? Only do this if the person asked for it; they still need to be subscribed with consent.</>}
        onConfirm={() => { const s = confirm; if (s) remove.mutate(s.id, { onSuccess: () => notifySuccess(`${s.email} removed from suppressions`) }); }} />
    </>
  );
}
