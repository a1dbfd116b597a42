import { Alert, Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formErrors } from '../lib/form-errors';
import { useChatWidgets, useCreateChatWidget, useInboxes, type Inbox } from './api';
import { EmbedSnippet } from './EmbedSnippet';
import { WidgetSettingsForm } from './WidgetSettingsForm';

/** Settings → Chat widget: one widget per inbox, its look, where it may be embedded, and its tag. */
export function ChatWidgetPage() {
  const widgets = useChatWidgets();
  const inboxes = useInboxes();
  const [picked, setPicked] = useState<number | null>(null);
  if (!widgets.data || !inboxes.data) {
    const failed = widgets.data ? inboxes : widgets;
    return <QueryState isPending={failed.isPending} error={failed.error} refetch={failed.refetch} />;
  }
  const list = widgets.data;
  const widget = list.find((w) => w.id === picked) ?? list[0];
  const inboxName = (id: number) => inboxes.data.find((i) => i.id === id)?.name ?? `Inbox #${id}`;
  const free = inboxes.data.filter((i) => !list.some((w) => w.inboxId === i.id));
  return (
    <Stack>
      <PageHeader title="Chat widget" description="The live chat on your website: what visitors see, which inbox answers, and the code to embed it." />
      {list.length > 1 && (
        <Select label="Widget" w={320} data={list.map((w) => ({ value: String(w.id), label: inboxName(w.inboxId) }))} value={String(widget!.id)}
          onChange={(v) => v && setPicked(Number(v))} allowDeselect={false} data-testid="widget-pick" />
      )}
      {widget ? (
        <>
          <WidgetSettingsForm key={widget.id} widget={widget} inboxes={inboxes.data} />
          <EmbedSnippet widgetKey={widget.key} />
        </>
      ) : (
        <Text c="dimmed" data-testid="widget-none">No chat widget yet. Choose the inbox whose agents answer the chats.</Text>
      )}
      {free.length > 0 && <NewWidgetForm inboxes={free} onCreated={setPicked} first={!widget} />}
      {inboxes.data.length === 0 && <Alert color="yellow">Add a support inbox first: chats become tickets in an inbox.</Alert>}
    </Stack>
  );
}

function NewWidgetForm({ inboxes, onCreated, first }: { inboxes: Inbox[]; onCreated: (id: number) => void; first: boolean }) {
  const create = useCreateChatWidget();
  const [inboxId, setInboxId] = useState<string | null>(String(inboxes[0]!.id));
  const errors = formErrors(create.error, ['inboxId']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (inboxId) create.mutate({ inboxId: Number(inboxId) }, { onSuccess: (w) => onCreated(w.id) });
  };
  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={submit}>
      <Group align="flex-end">
        <Select label={first ? 'Inbox' : 'Add a widget for another inbox'} data={inboxes.map((i) => ({ value: String(i.id), label: i.name }))} value={inboxId}
          onChange={setInboxId} allowDeselect={false} error={errors.field('inboxId')} data-testid="widget-new-inbox" style={{ flex: 1, minWidth: 200 }} />
        <Button type="submit" loading={create.isPending} data-testid="widget-create">Add chat widget</Button>
      </Group>
      {errors.rest.length > 0 && <Alert color="red" mt="sm">{errors.rest.join('; ')}</Alert>}
    </Paper>
  );
}
