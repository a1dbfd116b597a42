import { Button, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { OwnerSelect } from '../components/OwnerSelect';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { OUTCOMES, useCreateActivity, type ActivityLinks, type ActivityType, type CallOutcome } from './api';
import { fromLocalInput, nextHour, toLocalInput } from './datetime';

const TITLES: Record<ActivityType, string> = { call: 'Log a call', meeting: 'Schedule a meeting', task: 'Add a task' };
const TEST_IDS: Record<ActivityType, string> = { call: 'log-call-form', meeting: 'meeting-form', task: 'task-form' };

function initial(type: ActivityType) {
  return {
    subject: type === 'call' ? 'Call' : '', notes: '', assigneeId: null as number | null,
    direction: 'outbound' as 'outbound' | 'inbound', outcome: 'connected' as CallOutcome | null, minutes: '' as number | string,
    occurredAt: toLocalInput(new Date()), startAt: toLocalInput(nextHour()), endAt: toLocalInput(nextHour(2)), location: '', attendees: [] as string[],
    dueAt: toLocalInput(nextHour()),
  };
}

/** Log a call, plan a meeting or add a task, linked to a deal / contact / company. */
export function ActivityFormModal({ type, links, opened, onClose }: { type: ActivityType; links: ActivityLinks; opened: boolean; onClose: () => void }) {
  const [form, setForm] = useState(() => initial(type));
  const create = useCreateActivity();
  const errors = formErrors(create.error, ['subject', 'direction', 'outcome', 'occurredAt', 'durationSeconds', 'startAt', 'endAt', 'location', 'dueAt', 'assigneeId', 'notes', 'attendees']);
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const close = () => {
    setForm(initial(type));
    create.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const common = { type, subject: form.subject.trim(), notes: form.notes.trim() || null, assigneeId: form.assigneeId ?? undefined, ...links };
    const specific = type === 'call'
      ? { direction: form.direction, outcome: form.outcome, durationSeconds: form.minutes === '' ? null : Math.round(Number(form.minutes) * 60), occurredAt: fromLocalInput(form.occurredAt) }
      : type === 'meeting'
        ? { startAt: fromLocalInput(form.startAt), endAt: fromLocalInput(form.endAt), location: form.location.trim() || null, attendees: form.attendees.map((email) => ({ email })) }
        : { dueAt: fromLocalInput(form.dueAt) ?? null };
    create.mutate({ ...common, ...specific }, {
      onSuccess: () => {
        notifySuccess(type === 'call' ? 'Call logged' : type === 'meeting' ? 'Meeting scheduled' : 'Task added');
        close();
      },
    });
  };

  return (
    <Modal opened={opened} onClose={close} title={TITLES[type]} size="lg">
      <form onSubmit={submit} noValidate data-testid={TEST_IDS[type]} data-type={type}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Subject" required data-autofocus value={form.subject} onChange={(e) => set({ subject: e.currentTarget.value })}
            error={errors.field('subject')} data-testid="activity-subject" style={{ gridColumn: '1 / -1' }}
            placeholder={type === 'task' ? 'e.g. Send the proposal' : undefined} />
          {type === 'call' && <>
            <div>
              <Text fz="sm" fw={500} mb={4}>Direction</Text>
              <SegmentedControl fullWidth value={form.direction} onChange={(v) => set({ direction: v as 'inbound' | 'outbound' })} data-testid="call-direction"
                data={[{ value: 'outbound', label: 'Outbound' }, { value: 'inbound', label: 'Inbound' }]} />
              {errors.field('direction') && <Text c="red.9" fz="xs" mt={4}>{errors.field('direction')}</Text>}
            </div>
            <Select label="Outcome" data={OUTCOMES} clearable value={form.outcome} onChange={(v) => set({ outcome: v as CallOutcome | null })}
              error={errors.field('outcome')} data-testid="call-outcome" />
            <TextInput label="When" type="datetime-local" value={form.occurredAt} onChange={(e) => set({ occurredAt: e.currentTarget.value })}
              error={errors.field('occurredAt')} data-testid="call-occurred-at" />
            <NumberInput label="Duration (minutes)" min={0} value={form.minutes} onChange={(minutes) => set({ minutes })}
              error={errors.field('durationSeconds')} data-testid="call-duration" />
          </>}
          {type === 'meeting' && <>
            <TextInput label="Starts" type="datetime-local" required value={form.startAt} onChange={(e) => set({ startAt: e.currentTarget.value })}
              error={errors.field('startAt')} data-testid="meeting-start" />
            <TextInput label="Ends" type="datetime-local" required value={form.endAt} onChange={(e) => set({ endAt: e.currentTarget.value })}
              error={errors.field('endAt')} data-testid="meeting-end" />
            <TextInput label="Location" value={form.location} onChange={(e) => set({ location: e.currentTarget.value })} error={errors.field('location')}
              data-testid="meeting-location" placeholder="Office, address or video link" />
            <TagsInput label="Attendees" placeholder="Email, then Enter" value={form.attendees} onChange={(attendees) => set({ attendees })}
              error={errors.field('attendees')} data-testid="meeting-attendees" />
          </>}
          {type === 'task' && (
            <TextInput label="Due" type="datetime-local" value={form.dueAt} onChange={(e) => set({ dueAt: e.currentTarget.value })}
              error={errors.field('dueAt')} data-testid="task-due" description="You get a reminder then" />
          )}
          <OwnerSelect label="Assignee" placeholder="Me" value={form.assigneeId} onChange={(assigneeId) => set({ assigneeId })} error={errors.field('assigneeId')} testId="activity-assignee" />
          <Textarea label="Notes" autosize minRows={2} maxRows={6} value={form.notes} onChange={(e) => set({ notes: e.currentTarget.value })}
            error={errors.field('notes')} data-testid="activity-notes" style={{ gridColumn: '1 / -1' }} />
        </SimpleGrid>
        <FormErrorAlert errors={errors} mt="md" />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button type="submit" loading={create.isPending} data-testid="activity-submit">{type === 'call' ? 'Log call' : type === 'meeting' ? 'Schedule meeting' : 'Add task'}</Button>
        </Group>
      </form>
    </Modal>
  );
}
