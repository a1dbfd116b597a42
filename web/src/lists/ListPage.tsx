import { Badge, Breadcrumbs, Button, EmptyState, Grid, Group, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconUserPlus, IconUsers } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState, type FormEvent } from 'react';
import { usePermissions } from '../auth/api';
import { ConfirmModal } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { AnchorLink } from '../components/links';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { RowDeleteAction } from '../components/RowDeleteAction';
import { QueryState } from '../components/QueryState';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { formatDateTime, formatRelative } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { AddMembersModal } from './AddMembersModal';
import { LISTS_WRITE, useList, useListMembersPaged, useRemoveListMember, useSaveList, type ListDetail, type ListMember, type MemberStatus } from './api';
import { fromListForm, ListFields, toListForm } from './ListFields';
import { PURPOSE_COLOR, PURPOSE_LABEL } from './ListsPage';

export const MEMBER_STATUS_COLOR: Record<MemberStatus, string> = { subscribed: 'green', unsubscribed: 'gray', pending: 'yellow' };
function ListDetailsForm({ list, readOnly }: { list: ListDetail; readOnly: boolean }) {
  const initial = toListForm(list);
  const [form, setForm] = useState(initial);
  const save = useSaveList(list.id);
  const errors = formErrors(save.error, ['name', 'publicName', 'senderName', 'description', 'optInMode', 'publicDescription', 'purpose']);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(fromListForm(form), { onSuccess: () => notifySuccess('List saved') });
  };
  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} noValidate data-testid="list-details">
      <Stack gap="sm">
        <Title order={4}>Details</Title>
        <ListFields form={form} onChange={setForm} errors={errors.byPath} readOnly={readOnly} />
        <FormErrorAlert errors={errors} mt={0} />
        {!readOnly && (
          <Group justify="flex-end" gap="xs">
            {dirty && <Button variant="default" onClick={() => { setForm(initial); save.reset(); }}>Discard</Button>}
            <Button type="submit" loading={save.isPending} disabled={!dirty} data-testid="list-save">Save</Button>
          </Group>
        )}
        <Text fz="xs" c="dimmed">Created {formatDateTime(list.createdAt)}</Text>
      </Stack>
    </Paper>
  );
}

const col = createColumnHelper<ListMember>();

export function ListPage({ id }: { id: number }) {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const list = useList(id);
  const [filter, setFilter] = useState<'all' | MemberStatus>('all');
  const members = useListMembersPaged(id, filter === 'all' ? undefined : filter);
  const rows = useMemo(() => members.data?.pages.flatMap((p) => p.data) ?? [], [members.data]);
  const remove = useRemoveListMember(id);
  const [adding, setAdding] = useState(false);
  const [confirm, setConfirm] = useState<ListMember | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const writable = can(LISTS_WRITE);

  const l = list.data;
  if (!l) return <QueryState isPending={list.isPending} error={list.error} refetch={list.refetch} />;
  const counts = l.members ?? { subscribed: 0, unsubscribed: 0, pending: 0 };
  const total = counts.subscribed + counts.unsubscribed + counts.pending;

  const columns = [
    col.accessor((m) => m.contact.fullName, {
      id: 'name', header: 'Contact',
      cell: (c) => (
        <>
          <AnchorLink to="/contacts/$id" params={{ id: String(c.row.original.contactId) }} fz="sm" fw={500} onClick={(e) => e.stopPropagation()}>
            {c.getValue() || c.row.original.contact.email || `#${c.row.original.contactId}`}
          </AnchorLink>
          {c.row.original.contact.email && <Text fz="xs" c="dimmed" hiddenFrom="sm">{c.row.original.contact.email}</Text>}
        </>
      ),
    }),
    col.accessor((m) => m.contact.email, { id: 'email', header: 'Email', cell: (c) => <Text fz="sm">{c.getValue() ?? '—'}</Text> }),
    col.accessor('status', { id: 'status', header: 'Status', cell: (c) => <Badge variant="light" color={MEMBER_STATUS_COLOR[c.getValue()]} data-testid="member-status">{c.getValue()}</Badge> }),
    col.accessor('updatedAt', { id: 'updatedAt', header: 'Updated', cell: (c) => <Text fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }} title={formatDateTime(c.getValue())}>{formatRelative(c.getValue())}</Text> }),
    col.display({
      id: 'actions', header: '',
      cell: (c) => writable && (
        <RowDeleteAction label="Remove from list" testId="member-remove" loading={remove.isPending && remove.variables === c.row.original.contactId}
          onClick={() => { setConfirm(c.row.original); setConfirmOpen(true); }} />
      ),
    }),
  ];

  return (
    <>
      <PageHeader
        above={<Breadcrumbs><AnchorLink to="/lists" fz="sm">Lists</AnchorLink><Text fz="sm">{l.name}</Text></Breadcrumbs>}
        title={
          <Group gap="sm" wrap="wrap">
            <span data-testid="list-title">{l.name}</span>
            <Badge variant="light" color={PURPOSE_COLOR[l.purpose]}>{PURPOSE_LABEL[l.purpose]}</Badge>
            {l.optInMode === 'double' && <Badge variant="outline" color="indigo" data-testid="list-double-opt-in">Double opt-in</Badge>}
          </Group>
        }
        description={l.description ?? undefined}
        actions={writable && <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)} data-testid="add-members">Add contacts</Button>}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="sm">
            <Group justify="space-between" gap="xs">
              <Title order={4}>Members</Title>
              <SegmentedControl size="xs" value={filter} onChange={(v) => setFilter(v as typeof filter)} data-testid="members-filter"
                data={[
                  { value: 'all', label: `All ${total}` },
                  { value: 'subscribed', label: `Subscribed ${counts.subscribed}` },
                  { value: 'pending', label: `Pending ${counts.pending}` },
                  { value: 'unsubscribed', label: `Unsub. ${counts.unsubscribed}` },
                ]} />
            </Group>
            {members.error ? <QueryState isPending={false} error={members.error} refetch={members.refetch} /> : (
              <DataTable testId="list-members" data={rows} columns={columns} loading={members.isPending} getRowId={(m) => String(m.contactId)} minWidth={560}
                onRowClick={(m) => navigate({ to: '/contacts/$id', params: { id: String(m.contactId) } })} hideOnMobile={['email', 'updatedAt']}
                empty={<EmptyState icon={<IconUsers size={28} />} variant="light" title={filter === 'all' ? 'No members yet' : `No ${filter} members`}
                  description="Add contacts to this list, or record their consent from a contact’s page.">
                  {writable && filter === 'all' && <EmptyState.Actions><Button leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>Add contacts</Button></EmptyState.Actions>}
                </EmptyState>} />
            )}
            <LoadMore hasNextPage={members.hasNextPage} isFetchingNextPage={members.isFetchingNextPage} fetchNextPage={members.fetchNextPage} testId="members-load-more" />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <ListDetailsForm key={JSON.stringify(toListForm(l))} list={l} readOnly={!writable} />
        </Grid.Col>
      </Grid>
      <AddMembersModal list={l} opened={adding} onClose={() => setAdding(false)} />
      <ConfirmModal opened={confirmOpen} onClose={() => setConfirmOpen(false)} title="Remove from list" confirmLabel="Remove" testId="member-remove-confirm"
        message={<>Remove {confirm?.contact.fullName || confirm?.contact.email} from “{l.name}”? Their consent record is kept.</>}
        onConfirm={() => confirm && remove.mutate(confirm.contactId, { onSuccess: () => notifySuccess('Member removed') })} />
    </>
  );
}
