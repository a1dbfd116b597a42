import { Button, Checkbox, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { useFollowUp, type Activity } from './api';
import { fromLocalInput, tomorrowMorning } from './datetime';

const initial = (a: Activity) => ({ dueAt: tomorrowMorning(), subject: `Follow up: ${a.subject}`.slice(0, 300), notes: '', markDone: !a.done });

/** Schedules the next task from an activity in one step (same links; marks this one done). */
export function FollowUpModal({ activity, opened, onClose }: { activity: Activity; opened: boolean; onClose: () => void }) {
  const [form, setForm] = useState(() => initial(activity));
  const followUp = useFollowUp(activity.id);
  const errors = formErrors(followUp.error, ['dueAt', 'subject', 'notes']);
  const close = () => {
    setForm(initial(activity));
    followUp.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    followUp.mutate({ dueAt: fromLocalInput(form.dueAt) ?? '', subject: form.subject.trim() || undefined, notes: form.notes.trim() || null, markDone: form.markDone }, {
      onSuccess: () => {
        notifySuccess('Follow-up scheduled');
        close();
      },
    });
  };
  return (
    <Modal opened={opened} onClose={close} title="Schedule a follow-up">
      <form onSubmit={submit} noValidate data-testid="follow-up-form">
        <Stack gap="sm">
          <Text fz="sm" c="dimmed">A task with the same deal, contact and company as “{activity.subject}”.</Text>
          <TextInput label="Due" type="datetime-local" required value={form.dueAt} onChange={(e) => setForm({ ...form, dueAt: e.currentTarget.value })}
            error={errors.field('dueAt')} data-testid="follow-up-due" data-autofocus />
          <TextInput label="Subject" value={form.subject} onChange={(e) => setForm({ ...form, subject: e.currentTarget.value })}
            error={errors.field('subject')} data-testid="follow-up-subject" />
          <Textarea label="Notes" autosize minRows={2} value={form.notes} onChange={(e) => setForm({ ...form, notes: e.currentTarget.value })} error={errors.field('notes')} />
          {!activity.done && (
            <Checkbox label={`Mark “${activity.subject}” done`} checked={form.markDone} onChange={(e) => setForm({ ...form, markDone: e.currentTarget.checked })}
              data-testid="follow-up-mark-done" />
          )}
          <FormErrorAlert errors={errors} mt={0} />
        </Stack>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button type="submit" loading={followUp.isPending} data-testid="follow-up-submit">Schedule follow-up</Button>
        </Group>
      </form>
    </Modal>
  );
}
