import { Alert, Badge, Button, EmptyState, Group, Switch, Text } from '@mantine/core';
import { IconForms, IconPlus } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { usePermissions } from '../auth/api';
import { ConfirmModal } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { RowDeleteAction } from '../components/RowDeleteAction';
import { QueryState } from '../components/QueryState';
import { formatDate } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { useAllLists } from '../lists/api';
import { FORMS_WRITE, useDeleteForm, useFormsPaged, useSaveForm, type SignupForm } from './api';

const col = createColumnHelper<SignupForm>();

/** The enabled switch saves at once; a disabled form's hosted page and snippets stop accepting sign-ups. */
function EnabledSwitch({ form, readOnly }: { form: SignupForm; readOnly: boolean }) {
  const save = useSaveForm(form.id);
  return (
    <Switch checked={form.enabled} disabled={readOnly || save.isPending} aria-label="Enabled" data-testid="form-enabled-toggle"
      onChange={(e) => save.mutate({ enabled: e.currentTarget.checked }, { onSuccess: (f) => notifySuccess(`“${f.name}” ${f.enabled ? 'enabled' : 'disabled'}`) })} />
  );
}

export function FormsPage() {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const forms = useFormsPaged();
  const lists = useAllLists();
  const rows = useMemo(() => forms.data?.pages.flatMap((p) => p.data) ?? [], [forms.data]);
  const remove = useDeleteForm();
  const [confirm, setConfirm] = useState<SignupForm | null>(null);
  const writable = can(FORMS_WRITE);
  const listName = (id: number) => lists.data?.find((l) => l.id === id)?.name ?? `List #${id}`;
  const open = (f: SignupForm) => navigate({ to: '/forms/$id', params: { id: String(f.id) } });
  const create = () => navigate({ to: '/forms/new' });

  const columns = [
    col.accessor('name', { id: 'name', header: 'Name', cell: (c) => <Text fz="sm" fw={500} c="indigo.8">{c.getValue()}</Text> }),
    col.accessor('listIds', {
      id: 'lists', header: 'Lists',
      cell: (c) => <Group gap={4}>{c.getValue().map((id) => <Badge key={id} variant="light" color="grape" tt="none">{listName(id)}</Badge>)}</Group>,
    }),
    col.accessor('submissions', { id: 'submissions', header: 'Sign-ups', cell: (c) => <Text fz="sm" data-testid="form-submissions">{c.getValue().toLocaleString()}</Text> }),
    col.accessor('enabled', {
      id: 'enabled', header: 'Enabled',
      cell: (c) => <Group onClick={(e) => e.stopPropagation()}><EnabledSwitch form={c.row.original} readOnly={!writable} /></Group>,
    }),
    col.accessor('createdAt', { id: 'createdAt', header: 'Created', cell: (c) => <Text fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatDate(c.getValue())}</Text> }),
    col.display({
      id: 'actions', header: '',
      cell: (c) => writable && (
        <RowDeleteAction label="Delete form" testId="form-delete" loading={remove.isPending && remove.variables === c.row.original.id}
          onClick={() => setConfirm(c.row.original)} />
      ),
    }),
  ];

  return (
    <>
      <PageHeader title="Sign-up forms" description="Forms people use to join your lists, hosted by Rapport or embedded in your site."
        actions={writable && <Button leftSection={<IconPlus size={16} />} onClick={create} data-testid="new-form">New form</Button>} />
      {remove.error && <Alert color="red" mb="md" withCloseButton onClose={() => remove.reset()}>{remove.error.message}</Alert>}
      {forms.error ? <QueryState isPending={false} error={forms.error} refetch={forms.refetch} /> : (
        <DataTable testId="forms-table" data={rows} columns={columns} loading={forms.isPending} getRowId={(f) => String(f.id)} minWidth={720}
          onRowClick={open} hideOnMobile={['lists', 'createdAt']}
          empty={<EmptyState icon={<IconForms size={28} />} variant="light" title="No forms yet"
            description="A form adds people to lists with their consent recorded; double opt-in lists send them a confirmation email first.">
            {writable && <EmptyState.Actions><Button leftSection={<IconPlus size={16} />} onClick={create}>New form</Button></EmptyState.Actions>}
          </EmptyState>} />
      )}
      <LoadMore hasNextPage={forms.hasNextPage} isFetchingNextPage={forms.isFetchingNextPage} fetchNextPage={forms.fetchNextPage} />
      <ConfirmModal opened={confirm !== null} onClose={() => setConfirm(null)} title="Delete form" confirmLabel="Delete" testId="form-delete-confirm"
        message={<>Delete “{confirm?.name}”? Pages and sites that embed it stop accepting sign-ups. Contacts and their consent records are kept.</>}
        onConfirm={() => { const f = confirm; if (f) remove.mutate(f.id, { onSuccess: () => notifySuccess(`Form “${f.name}” deleted`) }); }} />
    </>
  );
}
