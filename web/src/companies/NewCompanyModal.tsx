import { Alert, Button, Group, Modal, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { OwnerSelect } from '../components/OwnerSelect';
import { ApiError } from '../lib/http';
import { notifySuccess } from '../lib/notify';
import { useCreateCompany, type Company } from './api';

const EMPTY = { name: '', domain: '', phone: '', industry: '', ownerId: null as number | null };

export function NewCompanyModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated?: (c: Company) => void }) {
  const [form, setForm] = useState(EMPTY);
  const create = useCreateCompany();
  const errors = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const text = (k: 'name' | 'domain' | 'phone' | 'industry') => ({
    value: form[k], error: errors[k], 'data-testid': `company-${k}`,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.currentTarget.value }),
  });
  const close = () => { setForm(EMPTY); create.reset(); onClose(); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const blank = (s: string) => s.trim() || null;
    create.mutate(
      { name: form.name.trim(), domain: blank(form.domain), phone: blank(form.phone), industry: blank(form.industry), ownerId: form.ownerId },
      { onSuccess: (c) => { notifySuccess(`${c.name} created`); close(); onCreated?.(c); } },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title="New company" size="lg">
      <form onSubmit={submit}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Name" required data-autofocus {...text('name')} />
          <TextInput label="Domain" placeholder="example.com" {...text('domain')} />
          <TextInput label="Phone" {...text('phone')} />
          <TextInput label="Industry" {...text('industry')} />
          <OwnerSelect value={form.ownerId} onChange={(ownerId) => setForm({ ...form, ownerId })} error={errors.ownerId} />
        </SimpleGrid>
        {create.error && !Object.keys(errors).length && <Alert color="red" mt="md">{create.error.message}</Alert>}
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button type="submit" loading={create.isPending} data-testid="company-submit">Create company</Button>
        </Group>
      </form>
    </Modal>
  );
}
