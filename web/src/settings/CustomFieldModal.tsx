import { Button, Group, Modal, Select, Stack, Switch, TagsInput, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { FIELD_TYPES, useSaveCustomField, type CustomField, type CustomFieldType, type Entity } from './api';

const toKey = (label: string) =>
  label.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40);

/** Create or edit a custom field. Key and type are fixed once created. */
export function CustomFieldModal({ entity, field, opened, onClose }: { entity: Entity; field: CustomField | null; opened: boolean; onClose: () => void }) {
  const [label, setLabel] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [type, setType] = useState<CustomFieldType>('text');
  const [options, setOptions] = useState<string[]>([]);
  const [required, setRequired] = useState(false);
  const save = useSaveCustomField();
  const errors = formErrors(save.error, ['label', 'key', 'type', 'options']);

  useEffect(() => {
    if (!opened) return;
    setLabel(field?.label ?? ''); setKey(field?.key ?? ''); setKeyTouched(!!field);
    setType(field?.type ?? 'text'); setOptions(field?.options ?? []); setRequired(field?.required ?? false);
    save.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, field]);

  const hasOptions = type === 'select' || type === 'multiselect';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      field ? { id: field.id, label, options: hasOptions ? options : [], required } : { entity, key, label, type, options: hasOptions ? options : [], required },
      { onSuccess: () => { notifySuccess(field ? 'Field updated' : 'Field created'); onClose(); } },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={field ? `Edit “${field.label}”` : `New ${entity} field`}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label="Label" required data-autofocus value={label} error={errors.field('label')} data-testid="cf-label"
            onChange={(e) => { const v = e.currentTarget.value; setLabel(v); if (!keyTouched) setKey(toKey(v)); }} />
          <TextInput label="Key" description="Used in the API, imports and filters (custom.<key>)" required value={key}
            disabled={!!field} error={errors.field('key')} data-testid="cf-key"
            onChange={(e) => { setKey(e.currentTarget.value); setKeyTouched(true); }} />
          <Select label="Type" data={FIELD_TYPES} value={type} allowDeselect={false} disabled={!!field} error={errors.field('type')}
            onChange={(v) => v && setType(v as CustomFieldType)} data-testid="cf-type" />
          {hasOptions && (
            <TagsInput label="Options" description="Type an option and press Enter" value={options} onChange={setOptions}
              error={errors.field('options')} data-testid="cf-options" />
          )}
          <Switch label="Required" checked={required} onChange={(e) => setRequired(e.currentTarget.checked)} />
          <FormErrorAlert errors={errors} mt={0} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.isPending} data-testid="cf-submit">{field ? 'Save' : 'Create field'}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
