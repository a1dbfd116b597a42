import { Button, Group, Modal, NumberInput, Select, SimpleGrid, TagsInput, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { meQuery } from '../auth/api';
import { CompanySelect } from '../components/CompanySelect';
import { ContactsSelect, type ContactRef } from '../components/ContactsSelect';
import { OwnerSelect } from '../components/OwnerSelect';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import type { Pipeline } from '../pipelines/api';
import { useCreateDeal, type Deal } from './api';
import { CurrencyInput } from './CurrencyInput';

const empty = (pipelineId: number | null) => ({
  title: '', value: '' as number | string, currency: '', pipelineId, stageId: null as number | null,
  expectedCloseDate: '', ownerId: null as number | null, companyId: null as number | null, contacts: [] as ContactRef[], tags: [] as string[],
});

export function NewDealModal({ opened, onClose, pipelines, pipelineId, onCreated }: {
  opened: boolean;
  onClose: () => void;
  pipelines: Pipeline[];
  pipelineId: number | null;
  onCreated?: (d: Deal) => void;
}) {
  const [form, setForm] = useState(() => empty(pipelineId));
  // Left alone, the currency is the workspace's default (the server applies it too).
  const defaultCurrency = useQuery(meQuery).data?.workspace.defaultCurrency ?? 'EUR';
  const create = useCreateDeal();
  const errors = formErrors(create.error, ['title', 'value', 'currency', 'pipelineId', 'stageId', 'expectedCloseDate', 'ownerId', 'companyId', 'contactIds', 'tags']);
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const pipeline = pipelines.find((p) => p.id === (form.pipelineId ?? pipelineId));

  const close = () => {
    setForm(empty(pipelineId));
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      title: form.title.trim(), value: form.value === '' ? 0 : Number(form.value), currency: form.currency || undefined,
      pipelineId: pipeline?.id, stageId: form.stageId ?? undefined, expectedCloseDate: form.expectedCloseDate || null,
      ownerId: form.ownerId ?? undefined, companyId: form.companyId, contactIds: form.contacts.map((c) => c.id), tags: form.tags,
    }, {
      onSuccess: (d) => {
        notifySuccess(`Deal “${d.title}” created`);
        close();
        onCreated?.(d);
      },
    });
  };

  return (
    <Modal opened={opened} onClose={close} title="New deal" size="lg" data-testid="new-deal-modal">
      <form onSubmit={submit} noValidate>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Title" required data-autofocus value={form.title} onChange={(e) => set({ title: e.currentTarget.value })}
            error={errors.field('title')} data-testid="deal-title" style={{ gridColumn: '1 / -1' }} />
          <NumberInput label="Value" min={0} decimalScale={2} thousandSeparator="," value={form.value} onChange={(value) => set({ value })}
            error={errors.field('value')} data-testid="deal-value" />
          <CurrencyInput value={form.currency || defaultCurrency} onChange={(currency) => set({ currency })} error={errors.field('currency')} testId="deal-currency" />
          <Select label="Pipeline" required data={pipelines.map((p) => ({ value: String(p.id), label: p.name }))} allowDeselect={false}
            value={pipeline ? String(pipeline.id) : null} onChange={(v) => set({ pipelineId: v ? Number(v) : null, stageId: null })}
            error={errors.field('pipelineId')} data-testid="deal-pipeline" />
          <Select label="Stage" data={(pipeline?.stages ?? []).map((s) => ({ value: String(s.id), label: `${s.name} (${s.probability}%)` }))}
            placeholder={pipeline?.stages[0] ? `${pipeline.stages[0].name} (first stage)` : undefined} clearable
            value={form.stageId == null ? null : String(form.stageId)} onChange={(v) => set({ stageId: v ? Number(v) : null })}
            error={errors.field('stageId')} data-testid="deal-stage" />
          <TextInput label="Expected close date" type="date" value={form.expectedCloseDate} onChange={(e) => set({ expectedCloseDate: e.currentTarget.value })}
            error={errors.field('expectedCloseDate')} data-testid="deal-close-date" />
          <OwnerSelect value={form.ownerId} onChange={(ownerId) => set({ ownerId })} error={errors.field('ownerId')} testId="deal-owner" placeholder="Me" />
          <CompanySelect value={form.companyId} onChange={(companyId) => set({ companyId })} error={errors.field('companyId')} testId="deal-company" />
          <ContactsSelect value={form.contacts} onChange={(contacts) => set({ contacts })} error={errors.field('contactIds')} testId="deal-contacts" />
          <TagsInput label="Tags" placeholder="Type and press Enter" value={form.tags} onChange={(tags) => set({ tags })} error={errors.field('tags')}
            data-testid="deal-tags" style={{ gridColumn: '1 / -1' }} />
        </SimpleGrid>
        <FormErrorAlert errors={errors} testId="deal-form-error" mt="md" />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button type="submit" loading={create.isPending} data-testid="deal-submit">Create deal</Button>
        </Group>
      </form>
    </Modal>
  );
}
