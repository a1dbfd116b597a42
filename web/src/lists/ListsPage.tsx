import { Alert, Badge, Button, EmptyState, Group, Modal, Text } from '@mantine/core';
import { IconMail, IconPlus } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState, type FormEvent } from 'react';
import { usePermissions } from '../auth/api';
import { ConfirmModal } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { RowDeleteAction } from '../components/RowDeleteAction';
import { QueryState } from '../components/QueryState';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { formatDate } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { LISTS_DELETE, LISTS_WRITE, useDeleteList, useListsPaged, useSaveList, type ListPurpose, type MailingList } from './api';
import { fromListForm, ListFields, toListForm } from './ListFields';

const col = createColumnHelper<MailingList>();

export const PURPOSE_LABEL: Record<ListPurpose, string> = { marketing: 'Marketing', transactional: 'Transactional' };
export const PURPOSE_COLOR: Record<ListPurpose, string> = { marketing: 'grape', transactional: 'teal' };

/** Member counts arrive with each list in GET /lists. */
function MemberCount({ list, status }: { list: MailingList; status: 'subscribed' | 'unsubscribed' | 'pending' }) {
  const n = list.members?.[status];
  return <Text fz="sm" c={n ? undefined : 'dimmed'} data-testid={`list-count-${status}`}>{n == null ? '—' : n.toLocaleString()}</Text>;
}

export function NewListModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated?: (l: MailingList) => void }) {
  const [form, setForm] = useState(toListForm());
  const create = useSaveList(undefined);
  const errors = formErrors(create.error, ['name', 'publicName', 'senderName', 'description', 'optInMode', 'publicDescription', 'purpose']);
  const close = () => { setForm(toListForm()); create.reset(); onClose(); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(fromListForm(form), { onSuccess: (l) => { notifySuccess(`List “${l.name}” created`); close(); onCreated?.(l); } });
  };
  return (
    <Modal opened={opened} onClose={close} title="New list">
      <form onSubmit={submit} noValidate>
        <ListFields form={form} onChange={setForm} errors={errors.byPath} />
        <FormErrorAlert errors={errors} mt="sm" />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button type="submit" loading={create.isPending} data-testid="list-submit">Create list</Button>
        </Group>
      </form>
    </Modal>
  );
}

export function ListsPage() {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const lists = useListsPaged();
  const rows = useMemo(() => lists.data?.pages.flatMap((p) => p.data) ?? [], [lists.data]);
  const remove = useDeleteList();
  const [creating, setCreating] = useState(false);
  const [confirm, setConfirm] = useState<MailingList | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const writable = can(LISTS_WRITE);

  const open = (l: MailingList) => navigate({ to: '/lists/$id', params: { id: String(l.id) } });
  const onDelete = (l: MailingList) => remove.mutate(l.id, { onSuccess: () => notifySuccess(`List “${l.name}” deleted`) });

  const columns = [
    col.accessor('name', {
      id: 'name', header: 'Name',
      cell: (c) => (
        <>
          <Text fz="sm" fw={500} c="indigo.8">{c.getValue()}</Text>
          {c.row.original.description && <Text fz="xs" c="dimmed" lineClamp={1} maw={360}>{c.row.original.description}</Text>}
        </>
      ),
    }),
    col.accessor('purpose', { id: 'purpose', header: 'Purpose', cell: (c) => <Badge variant="light" color={PURPOSE_COLOR[c.getValue()]}>{PURPOSE_LABEL[c.getValue()]}</Badge> }),
    col.accessor('optInMode', { id: 'optInMode', header: 'Opt-in', cell: (c) => <Text fz="sm">{c.getValue() === 'double' ? 'Double' : 'Single'}</Text> }),
    col.display({ id: 'subscribed', header: 'Subscribed', cell: (c) => <MemberCount list={c.row.original} status="subscribed" /> }),
    col.display({ id: 'unsubscribed', header: 'Unsubscribed', cell: (c) => <MemberCount list={c.row.original} status="unsubscribed" /> }),
    col.display({ id: 'pending', header: 'Pending', cell: (c) => <MemberCount list={c.row.original} status="pending" /> }),
    col.accessor('createdAt', { id: 'createdAt', header: 'Created', cell: (c) => <Text fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatDate(c.getValue())}</Text> }),
    col.display({
      id: 'actions', header: '',
      cell: (c) => can(LISTS_DELETE) && (
        <RowDeleteAction label="Delete list" testId="list-delete" loading={remove.isPending && remove.variables === c.row.original.id}
          onClick={() => { setConfirm(c.row.original); setConfirmOpen(true); }} />
      ),
    }),
  ];

  return (
    <>
      <PageHeader title="Lists" description="Mailing lists, who is on them, and whether they agreed to it."
        actions={writable && <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="new-list">New list</Button>} />
      {remove.error && <Alert color="red" mb="md" withCloseButton onClose={() => remove.reset()}>{remove.error.message}</Alert>}
      {lists.error ? <QueryState isPending={false} error={lists.error} refetch={lists.refetch} /> : (
        <DataTable testId="lists-table" data={rows} columns={columns} loading={lists.isPending} getRowId={(l) => String(l.id)} minWidth={820}
          onRowClick={open} hideOnMobile={['unsubscribed', 'pending', 'createdAt', 'purpose', 'optInMode']}
          empty={<EmptyState icon={<IconMail size={28} />} variant="light" title="No lists yet"
            description="A list holds contacts you send to, each subscribed, unsubscribed or pending.">
            {writable && <EmptyState.Actions><Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>New list</Button></EmptyState.Actions>}
          </EmptyState>} />
      )}
      <LoadMore hasNextPage={lists.hasNextPage} isFetchingNextPage={lists.isFetchingNextPage} fetchNextPage={lists.fetchNextPage} />
      <NewListModal opened={creating} onClose={() => setCreating(false)} onCreated={open} />
      <ConfirmModal opened={confirmOpen} onClose={() => setConfirmOpen(false)} title="Delete list" confirmLabel="Delete" testId="list-delete-confirm"
        message={<>Delete “{confirm?.name}” and its memberships? Contacts and the consent ledger are kept.</>}
        onConfirm={() => confirm && onDelete(confirm)} />
    </>
  );
}
