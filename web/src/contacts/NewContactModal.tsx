import { Button, Group, Modal, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { CompanySelect } from '../components/CompanySelect';
import { CustomFieldsInputs, useCreateFields } from '../components/CustomFieldsInputs';
import { OwnerSelect } from '../components/OwnerSelect';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { useCreateContact, type Contact, type CustomValue } from './api';

const EMPTY = { firstName: '', lastName: '', email: '', phone: '', jobTitle: '', companyId: null as number | null, ownerId: null as number | null, tags: [] as string[], custom: {} as Record<string, CustomValue> };
const SHOWN = ['firstName', 'lastName', 'email', 'phone', 'jobTitle', 'companyId', 'ownerId', 'tags'];

export function NewContactModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated?: (c: Contact) => void }) {
  const [form, setForm] = useState(EMPTY);
  const create = useCreateContact();
  const fields = useCreateFields('contact');
  const errors = formErrors(create.error, [...SHOWN, ...fields.map((f) => `custom.${f.key}`)]);
  const text = (k: 'firstName' | 'lastName' | 'email' | 'phone' | 'jobTitle') => ({
    value: form[k],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.currentTarget.value }),
    error: errors.field(k),
  });

  const close = () => {
    setForm(EMPTY);
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const blank = (s: string) => s.trim() || null;
    create.mutate(
      {
        firstName: form.firstName.trim(), lastName: form.lastName.trim(), email: blank(form.email), phone: blank(form.phone),
        jobTitle: blank(form.jobTitle), companyId: form.companyId, ownerId: form.ownerId, tags: form.tags, custom: form.custom,
      },
      {
        onSuccess: (c) => {
          notifySuccess(`${c.fullName || 'Contact'} created`);
          close();
          onCreated?.(c);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="New contact" size="lg" data-testid="new-contact-modal">
      <form onSubmit={submit} noValidate>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <CustomFieldsInputs fields={fields.filter((f) => f.required)} values={form.custom} onChange={(custom) => setForm({ ...form, custom })} error={errors.field} />
          <TextInput label="First name" data-autofocus data-testid="contact-firstName" {...text('firstName')} />
          <TextInput label="Last name" data-testid="contact-lastName" {...text('lastName')} />
          <TextInput label="Email" type="email" data-testid="contact-email" {...text('email')} />
          <TextInput label="Phone" data-testid="contact-phone" {...text('phone')} />
          <TextInput label="Job title" data-testid="contact-jobTitle" {...text('jobTitle')} />
          <CompanySelect value={form.companyId} onChange={(companyId) => setForm({ ...form, companyId })} error={errors.field('companyId')} testId="contact-company" />
          <OwnerSelect value={form.ownerId} onChange={(ownerId) => setForm({ ...form, ownerId })} error={errors.field('ownerId')} testId="contact-owner" />
          <TagsInput label="Tags" placeholder="Type and press Enter" value={form.tags} onChange={(tags) => setForm({ ...form, tags })}
            error={errors.field('tags')} data-testid="contact-tags" />
        </SimpleGrid>
        <FormErrorAlert errors={errors} />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button type="submit" loading={create.isPending} data-testid="contact-submit">Create contact</Button>
        </Group>
      </form>
    </Modal>
  );
}
