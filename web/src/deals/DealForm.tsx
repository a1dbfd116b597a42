import { Button, Group, NumberInput, Paper, SimpleGrid, TagsInput, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { CompanySelect } from '../components/CompanySelect';
import { ContactsSelect } from '../components/ContactsSelect';
import { CustomFieldInput } from '../components/CustomFieldInput';
import { OwnerSelect } from '../components/OwnerSelect';
import type { CustomValue } from '../contacts/api';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors, customPaths } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { useCustomFields } from '../settings/api';
import { useUpdateDeal, type Deal } from './api';
import { CurrencyInput } from './CurrencyInput';

function toForm(d: Deal) {
  return {
    title: d.title, value: d.value as number | string, currency: d.currency, expectedCloseDate: d.expectedCloseDate ?? '', ownerId: d.ownerId,
    companyId: d.companyId, contacts: d.contacts.map((c) => ({ id: c.id, fullName: c.fullName })), tags: d.tags, custom: { ...d.custom },
  };
}

export function DealForm({ deal, readOnly }: { deal: Deal; readOnly: boolean }) {
  const [form, setForm] = useState(() => toForm(deal));
  const [company, setCompany] = useState(deal.company);
  const update = useUpdateDeal(deal.id);
  const fields = useCustomFields('deal');
  const errors = formErrors(update.error, ['title', 'value', 'currency', 'expectedCloseDate', 'ownerId', 'companyId', 'contactIds', 'tags', ...customPaths(fields.data)]);
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const setCustom = (key: string, v: CustomValue) => set({ custom: { ...form.custom, [key]: v } });
  const dirty = JSON.stringify(form) !== JSON.stringify(toForm(deal));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      title: form.title.trim(), value: form.value === '' ? 0 : Number(form.value), currency: form.currency.trim(), expectedCloseDate: form.expectedCloseDate || null,
      ownerId: form.ownerId, companyId: form.companyId, contactIds: form.contacts.map((c) => c.id), tags: form.tags, custom: form.custom,
    }, {
      onSuccess: (d) => {
        setForm(toForm(d));
        setCompany(d.company);
        notifySuccess('Deal saved');
      },
    });
  };

  return (
    <Paper withBorder radius="md" p="md" component="form" onSubmit={submit} noValidate data-testid="deal-form">
      <Title order={3} fz="h5" mb="md">Details</Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Title" value={form.title} onChange={(e) => set({ title: e.currentTarget.value })} error={errors.field('title')} readOnly={readOnly}
          data-testid="deal-title" style={{ gridColumn: '1 / -1' }} />
        <NumberInput label="Value" min={0} decimalScale={2} thousandSeparator="," value={form.value} onChange={(value) => set({ value })}
          error={errors.field('value')} readOnly={readOnly} data-testid="deal-value" />
        <CurrencyInput value={form.currency} onChange={(currency) => set({ currency })} error={errors.field('currency')} testId="deal-currency" readOnly={readOnly} />
        <TextInput label="Expected close date" type="date" value={form.expectedCloseDate} onChange={(e) => set({ expectedCloseDate: e.currentTarget.value })}
          error={errors.field('expectedCloseDate')} readOnly={readOnly} data-testid="deal-close-date" />
        <OwnerSelect value={form.ownerId} current={deal.owner} onChange={(ownerId) => set({ ownerId })} error={errors.field('ownerId')} testId="deal-owner" />
        <CompanySelect value={form.companyId} current={company} error={errors.field('companyId')} testId="deal-company"
          onChange={(companyId, name) => {
            set({ companyId });
            setCompany(companyId && name ? { id: companyId, name } : null);
          }} />
        <ContactsSelect value={form.contacts} onChange={(contacts) => set({ contacts })} error={errors.field('contactIds')} testId="deal-contacts" readOnly={readOnly} />
        <TagsInput label="Tags" placeholder={readOnly ? undefined : 'Type and press Enter'} value={form.tags} onChange={(tags) => set({ tags })}
          error={errors.field('tags')} readOnly={readOnly} data-testid="deal-tags" style={{ gridColumn: '1 / -1' }} />
        {fields.data?.map((f) => (
          <CustomFieldInput key={f.id} field={f} value={form.custom[f.key]} onChange={(v) => setCustom(f.key, v)} error={errors.field(`custom.${f.key}`)} readOnly={readOnly} />
        ))}
      </SimpleGrid>
      <FormErrorAlert errors={errors} testId="deal-form-error" mt="md" />
      {!readOnly && (
        <Group justify="flex-end" mt="md">
          {dirty && <Button variant="default" onClick={() => { setForm(toForm(deal)); update.reset(); }}>Discard</Button>}
          <Button type="submit" loading={update.isPending} disabled={!dirty} data-testid="deal-save">Save</Button>
        </Group>
      )}
    </Paper>
  );
}
