import { Alert, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { PageHeader } from '../components/PageHeader';
import { ApiError } from '../lib/http';
import { businessHoursApi, slaPoliciesApi } from './api';
import { SettingsList } from './SettingsList';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const num = (v: string | number) => (v === '' ? null : Number(v));
const showMin = (v: number | null) => (v === null ? '—' : `${v} min`);

export function SlaPoliciesPage() {
  const list = slaPoliciesApi.useList();
  const hours = businessHoursApi.useList();
  const create = slaPoliciesApi.useCreate();
  const remove = slaPoliciesApi.useDelete();
  const [name, setName] = useState('');
  const [priority, setPriority] = useState<string | null>(null);
  const [hoursId, setHoursId] = useState<string | null>(null);
  const [first, setFirst] = useState<string | number>(60);
  const [next, setNext] = useState<string | number>('');
  const [resolution, setResolution] = useState<string | number>(480);
  const [warn, setWarn] = useState<string | number>(30);
  const errors = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, priority, businessHoursId: hoursId ? Number(hoursId) : null, firstResponseMinutes: num(first), nextResponseMinutes: num(next), resolutionMinutes: num(resolution), warnBeforeMinutes: Number(warn) || 0 },
      { onSuccess: () => setName('') });
  };
  const hoursName = (id: number | null) => (id === null ? 'Calendar time' : hours.data?.find((h) => h.id === id)?.name ?? `#${id}`);
  return (
    <Stack>
      <PageHeader title="SLA policies" description="Response and resolution targets by priority (and inbox). The most specific policy applies to a new ticket." />
      <Paper withBorder p="md" radius="md" component="form" onSubmit={submit}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-testid="sla-name" />
            <Select label="Priority" placeholder="Every priority" clearable data={PRIORITIES} value={priority} onChange={setPriority} data-testid="sla-priority" />
            <Select label="Business hours" placeholder="Calendar time" clearable data={(hours.data ?? []).map((h) => ({ value: String(h.id), label: h.name }))} value={hoursId} onChange={setHoursId} data-testid="sla-hours" />
            <NumberInput label="First response (minutes)" min={1} value={first} onChange={setFirst} error={errors.firstResponseMinutes} data-testid="sla-first" />
            <NumberInput label="Next response (minutes)" min={1} value={next} onChange={setNext} data-testid="sla-next" />
            <NumberInput label="Resolution (minutes)" min={1} value={resolution} onChange={setResolution} data-testid="sla-resolution" />
            <NumberInput label="Warn before a breach (minutes)" min={0} value={warn} onChange={setWarn} data-testid="sla-warn" />
          </SimpleGrid>
          {create.error && !Object.keys(errors).length && <Alert color="red">{create.error.message}</Alert>}
          <Group justify="flex-end"><Button type="submit" loading={create.isPending} data-testid="sla-submit">Add policy</Button></Group>
        </Stack>
      </Paper>
      <SettingsList testId="sla-list" query={list} onDelete={(r) => remove.mutate(r.id)} columns={[
        ['Name', (r) => r.name], ['Priority', (r) => r.priority ?? 'Any'], ['First response', (r) => showMin(r.firstResponseMinutes)],
        ['Next response', (r) => showMin(r.nextResponseMinutes)], ['Resolution', (r) => showMin(r.resolutionMinutes)], ['Warn', (r) => `${r.warnBeforeMinutes} min before`], ['Clock', (r) => hoursName(r.businessHoursId)],
      ]} />
    </Stack>
  );
}
