import { Alert, Button, ColorInput, Grid, Group, Paper, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { DEFAULT_PRIMARY, DEFAULT_TEXT, useUpdateChatWidget, type ChatWidget, type Inbox, type WidgetPosition } from './api';
import { WidgetPreview } from './WidgetPreview';

const FIELDS = ['inboxId', 'greeting', 'colors.primary', 'colors.text', 'position', 'allowedOrigins'];
const lines = (v: string) => v.split('\n').map((l) => l.trim()).filter(Boolean);

/** A widget's settings beside a preview; the server's field errors show beside their inputs. */
export function WidgetSettingsForm({ widget, inboxes }: { widget: ChatWidget; inboxes: Inbox[] }) {
  const update = useUpdateChatWidget();
  const [inboxId, setInboxId] = useState(String(widget.inboxId));
  const [greeting, setGreeting] = useState(widget.greeting);
  const [primary, setPrimary] = useState(widget.colors.primary ?? DEFAULT_PRIMARY);
  const [text, setText] = useState(widget.colors.text ?? DEFAULT_TEXT);
  const [position, setPosition] = useState<WidgetPosition>(widget.position);
  const [origins, setOrigins] = useState(widget.allowedOrigins.join('\n'));
  const errors = formErrors(update.error, FIELDS);
  // An origin's error names its line: allowedOrigins.2 is the third site.
  const originError = Object.entries(errors.byPath).filter(([p]) => p.startsWith('allowedOrigins')).map(([p, m]) => {
    const i = Number(p.split('.')[1]);
    return Number.isInteger(i) ? `Line ${i + 1} (${lines(origins)[i] ?? ''}): ${m}` : m;
  }).join('; ');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate(
      { id: widget.id, inboxId: Number(inboxId), greeting, colors: { primary, text }, position, allowedOrigins: lines(origins) },
      { onSuccess: () => notifySuccess('Chat widget saved') },
    );
  };
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Select label="Inbox" description="New chats become tickets in this inbox; its agents answer them." data={inboxes.map((i) => ({ value: String(i.id), label: `${i.name} (${i.address})` }))}
              value={inboxId} onChange={(v) => v && setInboxId(v)} allowDeselect={false} error={errors.field('inboxId')} data-testid="widget-inbox" />
            <Textarea label="Greeting" description="The first thing a visitor reads." autosize minRows={2} maxLength={500} value={greeting}
              onChange={(e) => setGreeting(e.currentTarget.value)} error={errors.field('greeting')} data-testid="widget-greeting" />
            <Group grow align="flex-start">
              <ColorInput label="Button and header colour" format="hex" withEyeDropper={false} value={primary} onChange={setPrimary} error={errors.field('colors.primary')} data-testid="widget-primary" />
              <ColorInput label="Text colour on it" format="hex" withEyeDropper={false} value={text} onChange={setText} error={errors.field('colors.text')} data-testid="widget-text" />
            </Group>
            <Stack gap={4}>
              <Text fz="sm" fw={500} id="widget-position-label">Corner</Text>
              <SegmentedControl aria-labelledby="widget-position-label" value={position} onChange={(v) => setPosition(v as WidgetPosition)} data-testid="widget-position"
                data={[{ value: 'right', label: 'Bottom right' }, { value: 'left', label: 'Bottom left' }]} />
              {errors.field('position') && <Text c="red" fz="xs">{errors.field('position')}</Text>}
            </Stack>
            <Textarea label="Allowed origins" description="One site per line, such as https://shop.example. Pages elsewhere cannot open a chat." autosize minRows={3}
              value={origins} onChange={(e) => setOrigins(e.currentTarget.value)} error={originError || undefined} data-testid="widget-origins" />
            <Text fz="xs" c="dimmed">With no agent of the inbox online, the widget offers a form instead: the message becomes an email ticket, answered by mail.</Text>
            {errors.rest.length > 0 && <Alert color="red" data-testid="widget-error">{errors.rest.join('; ')}</Alert>}
            <Group justify="flex-end"><Button type="submit" loading={update.isPending} data-testid="widget-save">Save</Button></Group>
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <WidgetPreview greeting={greeting} primary={primary} text={text} position={position} />
      </Grid.Col>
    </Grid>
  );
}
