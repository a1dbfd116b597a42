import { Button, Group, Paper, SimpleGrid, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { CustomValue } from '../contacts/api';
import { CustomFieldInput } from '../components/CustomFieldInput';
import { OwnerSelect } from '../components/OwnerSelect';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors, customPaths } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { useCustomFields } from '../settings/api';
import { useUpdateCompany, type Company } from './api';

type TextKey = 'name' | 'domain' | 'phone' | 'industry';
const toForm = (c: Company) => ({
  name: c.name ?? '', domain: c.domain ?? '', phone: c.phone ?? '', industry: c.industry ?? '', ownerId: c.ownerId, custom: { ...c.custom },
});

export function CompanyForm({ company, readOnly }: { company: Company; readOnly: boolean }) {
  const [form, setForm] = useState(() => toForm(company));
  const update = useUpdateCompany(company.id);
  const fields = useCustomFields('company');
  const errors = formErrors(update.error, [...Object.keys(form), ...customPaths(fields.data)]);
  const text = (k: TextKey) => ({
    value: form[k], readOnly, error: errors.field(k), 'data-testid': `company-${k}`,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.currentTarget.value }),
  });
  const setCustom = (key: string, v: CustomValue) => setForm({ ...form, custom: { ...form.custom, [key]: v } });
  const dirty = JSON.stringify(form) !== JSON.stringify(toForm(company));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const blank = (s: string) => s.trim() || null;
    update.mutate(
      { name: form.name.trim(), domain: blank(form.domain), phone: blank(form.phone), industry: blank(form.industry), ownerId: form.ownerId, custom: form.custom },
      { onSuccess: (c) => { setForm(toForm(c)); notifySuccess('Company saved'); } },
    );
  };

  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} noValidate>
      <Title order={3} fz="h5" mb="md">Details</Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Name" required {...text('name')} />
        <TextInput label="Domain" {...text('domain')} />
        <TextInput label="Phone" {...text('phone')} />
        <TextInput label="Industry" {...text('industry')} />
        <OwnerSelect value={form.ownerId} current={company.owner} error={errors.field('ownerId')} onChange={(ownerId) => setForm({ ...form, ownerId })} />
        {fields.data?.map((f) => (
          <CustomFieldInput key={f.id} field={f} value={form.custom[f.key]} onChange={(v) => setCustom(f.key, v)}
            error={errors.field(`custom.${f.key}`)} readOnly={readOnly} />
        ))}
      </SimpleGrid>
      <FormErrorAlert errors={errors} mt="md" />
      {!readOnly && (
        <Group justify="flex-end" mt="md">
          {dirty && <Button variant="default" onClick={() => { setForm(toForm(company)); update.reset(); }}>Discard</Button>}
          <Button type="submit" loading={update.isPending} disabled={!dirty} data-testid="company-save">Save</Button>
        </Group>
      )}
    </Paper>
  );
}
