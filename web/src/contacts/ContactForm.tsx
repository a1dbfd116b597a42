import { Button, Group, Paper, SimpleGrid, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { CompanySelect } from '../components/CompanySelect';
import { CustomFieldInput } from '../components/CustomFieldInput';
import { OwnerSelect } from '../components/OwnerSelect';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors, customPaths } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { useCustomFields } from '../settings/api';
import { useUpdateContact, type Contact, type ContactInput, type CustomValue } from './api';

const TEXT_KEYS = ['firstName', 'lastName', 'email', 'phone', 'jobTitle', 'birthday'] as const;
type TextKey = (typeof TEXT_KEYS)[number];

function toForm(c: Contact) {
  return {
    firstName: c.firstName ?? '', lastName: c.lastName ?? '', email: c.email ?? '', phone: c.phone ?? '',
    jobTitle: c.jobTitle ?? '', birthday: c.birthday ?? '', companyId: c.companyId, ownerId: c.ownerId, custom: { ...c.custom },
  };
}

export function ContactForm({ contact, readOnly }: { contact: Contact; readOnly: boolean }) {
  const [form, setForm] = useState(() => toForm(contact));
  const [company, setCompany] = useState(contact.company);
  const update = useUpdateContact(contact.id);
  const fields = useCustomFields('contact');
  const errors = formErrors(update.error, [...TEXT_KEYS, 'companyId', 'ownerId', ...customPaths(fields.data)]);
  const text = (k: TextKey) => ({
    value: form[k], readOnly, error: errors.field(k), 'data-testid': `contact-${k}`,
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.currentTarget.value }),
  });
  const setCustom = (key: string, v: CustomValue) => setForm({ ...form, custom: { ...form.custom, [key]: v } });

  const dirty = JSON.stringify(form) !== JSON.stringify(toForm(contact));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const blank = (s: string) => s.trim() || null;
    const input: ContactInput = {
      firstName: form.firstName.trim(), lastName: form.lastName.trim(), email: blank(form.email), phone: blank(form.phone),
      jobTitle: blank(form.jobTitle), birthday: blank(form.birthday), companyId: form.companyId, ownerId: form.ownerId, custom: form.custom,
    };
    update.mutate(input, {
      onSuccess: (c) => {
        setForm(toForm(c));
        setCompany(c.company);
        notifySuccess('Contact saved');
      },
    });
  };

  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} noValidate data-testid="contact-form">
      <Title order={3} fz="h5" mb="md">Details</Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="First name" {...text('firstName')} />
        <TextInput label="Last name" {...text('lastName')} />
        <TextInput label="Email" type="email" {...text('email')} />
        <TextInput label="Phone" {...text('phone')} />
        <TextInput label="Job title" {...text('jobTitle')} />
        <TextInput label="Birthday" type="date" {...text('birthday')} />
        <CompanySelect value={form.companyId} current={company} error={errors.field('companyId')} testId="contact-company"
          onChange={(companyId, name) => {
            setForm({ ...form, companyId });
            setCompany(companyId && name ? { id: companyId, name } : null);
          }} />
        <OwnerSelect value={form.ownerId} current={contact.owner} error={errors.field('ownerId')} testId="contact-owner"
          onChange={(ownerId) => setForm({ ...form, ownerId })} />
        {fields.data?.map((f) => (
          <CustomFieldInput key={f.id} field={f} value={form.custom[f.key]} onChange={(v) => setCustom(f.key, v)} error={errors.field(`custom.${f.key}`)} readOnly={readOnly} />
        ))}
      </SimpleGrid>
      <FormErrorAlert errors={errors} testId="form-error" />
      {!readOnly && (
        <Group justify="flex-end" mt="md">
          {dirty && <Button variant="default" onClick={() => { setForm(toForm(contact)); update.reset(); }}>Discard</Button>}
          <Button type="submit" loading={update.isPending} disabled={!dirty} data-testid="contact-save">Save</Button>
        </Group>
      )}
    </Paper>
  );
}
