import { Alert, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { PageHeader } from '../components/PageHeader';
import { ApiError } from '../lib/http';
import { businessHoursApi, type Weekly } from './api';
import { SettingsList } from './SettingsList';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const toMinutes = (hhmm: string) => { const [h, m] = hhmm.split(':').map(Number); return (h ?? 0) * 60 + (m ?? 0); };
const toClock = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
type Day = { open: boolean; start: string; end: string };

function summary(weekly: Weekly) {
  return DAYS.map((d, i) => { const s = weekly[String(i) as keyof Weekly]; return s?.length ? `${d.slice(0, 3)} ${s.map((x) => `${toClock(x.start)}–${toClock(x.end)}`).join(', ')}` : null; }).filter(Boolean).join(' · ');
}

export function BusinessHoursPage() {
  const list = businessHoursApi.useList();
  const create = businessHoursApi.useCreate();
  const remove = businessHoursApi.useDelete();
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');
  const [holidays, setHolidays] = useState('');
  const [days, setDays] = useState<Day[]>(DAYS.map((_, i) => ({ open: i >= 1 && i <= 5, start: '09:00', end: '17:00' })));
  const errors = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const setDay = (i: number, patch: Partial<Day>) => setDays(days.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const weekly = Object.fromEntries(days.flatMap((d, i) => (d.open ? [[String(i), [{ start: toMinutes(d.start), end: toMinutes(d.end) }]]] : [])));
    create.mutate({ name, timeZone, weekly, holidays: holidays.split(/[\s,]+/).filter(Boolean) }, { onSuccess: () => setName('') });
  };
  return (
    <Stack>
      <PageHeader title="Business hours" description="When SLA clocks run: weekly hours in a time zone, minus holidays." />
      <Paper withBorder p="md" radius="md" component="form" onSubmit={submit}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-testid="hours-name" />
            <TextInput label="Time zone" description="IANA name, e.g. Europe/Berlin" required value={timeZone} onChange={(e) => setTimeZone(e.currentTarget.value)} error={errors.timeZone} data-testid="hours-zone" />
          </SimpleGrid>
          {DAYS.map((d, i) => (
            <Group key={d} gap="sm">
              <Checkbox w={130} label={d} checked={days[i]!.open} onChange={(e) => setDay(i, { open: e.currentTarget.checked })} data-testid={`hours-day-${i}`} />
              <TextInput type="time" aria-label={`${d} opens`} value={days[i]!.start} disabled={!days[i]!.open} onChange={(e) => setDay(i, { start: e.currentTarget.value })} />
              <Text c="dimmed">to</Text>
              <TextInput type="time" aria-label={`${d} closes`} value={days[i]!.end} disabled={!days[i]!.open} onChange={(e) => setDay(i, { end: e.currentTarget.value })} />
            </Group>
          ))}
          <TextInput label="Holidays" description="Dates as YYYY-MM-DD, separated by commas" value={holidays} onChange={(e) => setHolidays(e.currentTarget.value)} error={errors.holidays ?? errors.weekly} data-testid="hours-holidays" />
          {create.error && !Object.keys(errors).length && <Alert color="red">{create.error.message}</Alert>}
          <Group justify="flex-end"><Button type="submit" loading={create.isPending} data-testid="hours-submit">Add business hours</Button></Group>
        </Stack>
      </Paper>
      {remove.error && <Alert color="red">{remove.error.message}</Alert>}
      <SettingsList testId="hours-list" query={list} onDelete={(r) => remove.mutate(r.id)}
        columns={[['Name', (r) => r.name], ['Time zone', (r) => r.timeZone], ['Hours', (r) => summary(r.weekly)], ['Holidays', (r) => r.holidays.join(', ') || '—']]} />
    </Stack>
  );
}
