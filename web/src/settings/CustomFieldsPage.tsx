import { ActionIcon, Badge, Button, EmptyState, Group, SegmentedControl, Text, Tooltip } from '@mantine/core';
import { IconForms, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { ConfirmModal } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { FIELD_TYPES, useCustomFields, useDeleteCustomField, type CustomField, type Entity } from './api';
import { CustomFieldModal } from './CustomFieldModal';

const col = createColumnHelper<CustomField>();

export function CustomFieldsPage() {
  const [entity, setEntity] = useState<Entity>('contact');
  const [editing, setEditing] = useState<CustomField | null>(null);
  const [open, setOpen] = useState(false);
  const fields = useCustomFields(entity);
  const del = useDeleteCustomField();
  const [toDelete, setToDelete] = useState<CustomField | null>(null);

  const columns = [
    col.accessor('label', { header: 'Label', cell: (c) => <Text fz="sm" fw={500}>{c.getValue()}</Text> }),
    col.accessor('key', { header: 'Key', cell: (c) => <Text fz="sm" ff="monospace">custom.{c.getValue()}</Text> }),
    col.accessor('type', { header: 'Type', cell: (c) => <Badge color="gray">{FIELD_TYPES.find((t) => t.value === c.getValue())?.label ?? c.getValue()}</Badge> }),
    col.accessor('options', { header: 'Options', cell: (c) => <Text fz="sm" c="dimmed" lineClamp={1}>{c.getValue()?.join(', ') || '—'}</Text> }),
    col.accessor('required', { header: 'Required', cell: (c) => (c.getValue() ? 'Yes' : 'No') }),
    col.display({
      id: 'actions', header: '',
      cell: (c) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label="Edit"><ActionIcon variant="subtle" aria-label={`Edit ${c.row.original.label}`}
            onClick={() => { setEditing(c.row.original); setOpen(true); }}><IconPencil size={16} /></ActionIcon></Tooltip>
          <Tooltip label="Delete"><ActionIcon variant="subtle" color="red" aria-label={`Delete ${c.row.original.label}`}
            onClick={() => setToDelete(c.row.original)}>
            <IconTrash size={16} /></ActionIcon></Tooltip>
        </Group>
      ),
    }),
  ];

  return (
    <>
      <PageHeader title="Custom fields" description="Extra, typed fields on contacts, companies and deals."
        actions={<Button leftSection={<IconPlus size={16} />} onClick={() => { setEditing(null); setOpen(true); }} data-testid="new-custom-field">New field</Button>} />
      <SegmentedControl mb="md" value={entity} onChange={(v) => setEntity(v as Entity)} data-testid="cf-entity"
        data={[{ value: 'contact', label: 'Contacts' }, { value: 'company', label: 'Companies' }, { value: 'deal', label: 'Deals' }]} />
      {fields.error ? <QueryState isPending={false} error={fields.error} refetch={fields.refetch} /> : (
        <DataTable data={fields.data ?? []} columns={columns} loading={fields.isPending} getRowId={(f) => String(f.id)}
          hideOnMobile={['key', 'options', 'required']} testId="custom-fields-table"
          empty={<EmptyState icon={<IconForms size={28} />} variant="light" title={`No ${entity} fields yet`} description="Add fields such as Industry, Lifetime value or Newsletter opt-in." />} />
      )}
      <ConfirmModal opened={!!toDelete} onClose={() => setToDelete(null)} title="Delete custom field" confirmLabel="Delete"
        message={`Delete the field “${toDelete?.label}” and every value stored in it?`} onConfirm={() => toDelete && del.mutate(toDelete.id)} />
      <CustomFieldModal entity={entity} field={editing} opened={open} onClose={() => setOpen(false)} />
    </>
  );
}
