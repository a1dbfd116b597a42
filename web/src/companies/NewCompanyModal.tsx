import { Button, Group, Modal, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { CustomFieldsInputs, useCreateFields } from '../components/CustomFieldsInputs';
import { OwnerSelect } from '../components/OwnerSelect';
import type { CustomValue } from '../contacts/api';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { useCreateCompany, type Company } from './api';

const EMPTY = { name: '', domain: '', phone: '', industry: '', ownerId: null as number | null, custom: {} as Record<string, CustomValue> };
const SHOWN = ['name', 'domain', 'phone', 'industry', 'ownerId'];

export function NewCompanyModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated?: (c: Company) => void }) {
  const [form, setForm] = useState(EMPTY);
  const create = useCreateCompany();
  const fields = useCreateFields('company');
  const errors = formErrors(create.error, [...SHOWN, ...fields.map((f) => `custom.${f.key}`)]);
  const text = (k: 'name' | 'domain' | 'phone' | 'industry') => ({
    value: form[k], error: errors.field(k), 'data-testid': `company-${k}`,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.currentTarget.value }),
  });
  const close = () => { setForm(EMPTY); create.reset(); onClose(); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const blank = (s: string) => s.trim() || null;
    create.mutate(
      { name: form.name.trim(), domain: blank(form.domain), phone: blank(form.phone), industry: blank(form.industry), ownerId: form.ownerId, custom: form.custom },
      { onSuccess: (c) => { notifySuccess(`${c.name} created`); close(); onCreated?.(c); } },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title="New company" size="lg" data-testid="new-company-modal">
      <form onSubmit={submit} noValidate>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Name" required data-autofocus {...text('name')} />
          <CustomFieldsInputs fields={fields.filter((f) => f.required)} values={form.custom} onChange={(custom) => setForm({ ...form, custom })} error={errors.field} />
          <TextInput label="Domain" placeholder="example.com" {...text('domain')} />
          <TextInput label="Phone" {...text('phone')} />
          <TextInput label="Industry" {...text('industry')} />
          <OwnerSelect value={form.ownerId} onChange={(ownerId) => setForm({ ...form, ownerId })} error={errors.field('ownerId')} />
          <CustomFieldsInputs fields={fields.filter((f) => !f.required)} values={form.custom} onChange={(custom) => setForm({ ...form, custom })} error={errors.field} />
        </SimpleGrid>
        <FormErrorAlert errors={errors} />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button type="submit" loading={create.isPending} data-testid="company-submit">Create company</Button>
        </Group>
      </form>
    </Modal>
  );
}
