import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconLock, IconPaperclip } from '@tabler/icons-react';
import { formatDateTime } from '../lib/format';
import type { TicketMessage } from './api';
import { TINTED_TEXT } from './TicketBadges';

const SIDE = {
  inbound: { label: 'Customer', bg: undefined, align: 'flex-start' },
  reply: { label: 'Reply', bg: 'indigo.0', align: 'flex-end' },
  note: { label: 'Internal note', bg: 'yellow.0', align: 'stretch' },
} as const;

const kb = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * The conversation, oldest first. Bodies are shown as text: the stored HTML is sanitised, but an
 * agent reading mail from strangers is safest with no markup at all.
 */
export function TicketThread({ messages, customerName }: { messages: TicketMessage[]; customerName: string | null }) {
  return (
    <Stack gap="sm" data-testid="ticket-thread">
      {messages.map((m) => {
        const side = SIDE[m.kind as keyof typeof SIDE] ?? SIDE.inbound;
        // The customer's own words carry the customer's name, even when an agent typed them in.
        const who = m.kind === 'inbound' ? (customerName ?? m.from ?? 'Customer') : (m.author?.name ?? m.from ?? 'Rapport');
        return (
          <Paper key={m.id} withBorder p="sm" radius="md" bg={side.bg} maw={side.align === 'stretch' ? undefined : '92%'}
            style={{ alignSelf: side.align }} data-testid="ticket-message" data-kind={m.kind}>
            <Group justify="space-between" gap="xs" mb={4} wrap="nowrap">
              <Group gap={6} wrap="nowrap">
                {m.kind === 'note' && <IconLock size={14} aria-hidden />}
                <Text fz="sm" fw={600} lineClamp={1}>{who}</Text>
                <Badge size="xs" variant="light" c={TINTED_TEXT} color={m.kind === 'note' ? 'yellow' : m.kind === 'reply' ? 'indigo' : 'gray'}>{side.label}</Badge>
                {m.sendStatus && m.sendStatus !== 'sent' && <Badge size="xs" c={TINTED_TEXT} color={m.sendStatus === 'failed' ? 'red' : 'gray'}>{m.sendStatus}</Badge>}
              </Group>
              <Text fz="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(m.createdAt)}</Text>
            </Group>
            <Text fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.text || '(no text)'}</Text>
            {!!m.attachments?.length && (
              <Group gap="xs" mt="xs">
                {m.attachments.map((a) => (
                  <Badge key={a.filename} variant="outline" color="gray" leftSection={<IconPaperclip size={12} />} tt="none">{a.filename} · {kb(a.size)}</Badge>
                ))}
              </Group>
            )}
          </Paper>
        );
      })}
    </Stack>
  );
}
