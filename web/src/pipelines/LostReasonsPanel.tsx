import { ActionIcon, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { QueryState } from '../components/QueryState';
import { singleFieldError } from '../lib/form-errors';
import { useLostReasonMutations, useLostReasons, type LostReason } from './api';

function ReasonRow({ reason }: { reason: LostReason }) {
  const { rename, remove } = useLostReasonMutations();
  const [label, setLabel] = useState(reason.label);
  const commit = () => {
    if (label.trim() && label.trim() !== reason.label) rename.mutate({ id: reason.id, label: label.trim() });
    else setLabel(reason.label);
  };
  return (
    <Group gap="xs" wrap="nowrap" data-testid="lost-reason">
      <TextInput value={label} onChange={(e) => setLabel(e.currentTarget.value)} onBlur={commit} style={{ flex: 1 }} aria-label="Lost reason" />
      <ActionIcon variant="subtle" color="red" size="lg" aria-label="Remove lost reason" loading={remove.isPending} onClick={() => remove.mutate(reason.id)}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

/** The editable list of reasons a deal is lost (picked when marking a deal lost). */
export function LostReasonsPanel() {
  const reasons = useLostReasons();
  const { add } = useLostReasonMutations();
  const [label, setLabel] = useState('');
  const err = singleFieldError(add.error, 'label');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(label.trim(), { onSuccess: () => setLabel('') });
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="lost-reasons">
      <Title order={3} fz="h5" mb={4}>Lost reasons</Title>
      <Text c="dimmed" fz="sm" mb="sm">Offered when a deal is marked lost; renaming keeps past deals linked.</Text>
      <QueryState isPending={reasons.isPending} error={reasons.error} />
      <Stack gap="xs">
        {reasons.data?.map((r) => <ReasonRow key={r.id} reason={r} />)}
        {reasons.data && !reasons.data.length && <Text c="dimmed" fz="sm">No lost reasons yet.</Text>}
      </Stack>
      <Group component="form" onSubmit={submit} gap="xs" mt="md" align="flex-start" wrap="nowrap">
        <TextInput placeholder="e.g. Price too high" value={label} onChange={(e) => setLabel(e.currentTarget.value)} style={{ flex: 1 }}
          error={err} aria-label="New lost reason" data-testid="lost-reason-new" />
        <Button type="submit" variant="light" disabled={!label.trim()} loading={add.isPending} data-testid="lost-reason-add">Add</Button>
      </Group>
    </Paper>
  );
}
