import { Alert, Button, Checkbox, Group, Paper, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { PageHeader } from '../components/PageHeader';
import { ApiError } from '../lib/http';
import { cannedRepliesApi } from './api';
import { SettingsList } from './SettingsList';

export function CannedRepliesPage() {
  const list = cannedRepliesApi.useList();
  const create = cannedRepliesApi.useCreate();
  const remove = cannedRepliesApi.useDelete();
  const [name, setName] = useState('');
  const [body, setBody] = useState('Hi {{ contact.first_name | default: "there" }},\n\n\n{{ agent.name }}');
  const [shared, setShared] = useState(false);
  const errors = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, body, shared }, { onSuccess: () => setName('') });
  };
  return (
    <Stack>
      <PageHeader title="Canned replies" description="Answers agents insert into a reply. Liquid fills in {{ contact.first_name }}, {{ ticket.id }}, {{ agent.name }}." />
      <Paper withBorder p="md" radius="md" component="form" onSubmit={submit}>
        <Stack gap="sm">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-testid="canned-name" />
          <Textarea label="Text" required autosize minRows={4} value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} data-testid="canned-body" />
          <Checkbox label="Shared with every agent" checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} data-testid="canned-shared" />
          {create.error && !Object.keys(errors).length && <Alert color="red">{create.error.message}</Alert>}
          <Group justify="flex-end"><Button type="submit" loading={create.isPending} data-testid="canned-submit">Add reply</Button></Group>
        </Stack>
      </Paper>
      <SettingsList testId="canned-list" query={list} onDelete={(r) => remove.mutate(r.id)}
        columns={[['Name', (r) => r.name], ['Text', (r) => r.body.slice(0, 80)], ['Shared', (r) => (r.shared ? 'Shared' : 'Only you')]]} />
    </Stack>
  );
}
