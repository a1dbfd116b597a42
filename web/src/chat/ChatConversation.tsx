import { Alert, Button, Group, Paper, ScrollArea, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { QueryState } from '../components/QueryState';
import { useChatTicket, type LiveChat } from './api';

const TYPING_MS = 4000;
const clientId = () => `a${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

function useNow(ms: number) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** One chat: its messages, whether the visitor is typing, and the composer. */
export function ChatConversation({ chat, typingAt, connected, send }: {
  chat: LiveChat; typingAt: number; connected: boolean; send: (frame: { t: string; [k: string]: unknown }) => boolean;
}) {
  const ticket = useChatTicket(chat.ticketId);
  const [text, setText] = useState('');
  const lastTyping = useRef(0);
  const bottom = useRef<HTMLDivElement>(null);
  const now = useNow(1000);
  const messages = (ticket.data?.messages ?? []).filter((m) => m.kind !== 'note');
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [messages.length]);

  const onType = (v: string) => {
    setText(v);
    if (Date.now() - lastTyping.current > 2000) {
      lastTyping.current = Date.now();
      send({ t: 'typing', ticketId: chat.ticketId });
    }
  };
  const submit = () => {
    if (!text.trim()) return;
    if (send({ t: 'reply', ticketId: chat.ticketId, cid: clientId(), text: text.trim() })) setText('');
  };
  const who = chat.visitor.name || chat.visitor.email || 'Visitor';

  return (
    <Stack gap="sm" h="100%">
      <Group justify="space-between">
        <div>
          <Text fw={700} data-testid="chat-title">{who}</Text>
          <Text fz="xs" c="dark.4" data-testid="chat-presence">{chat.visitor.online ? 'On the page now' : 'Left the page'}{chat.visitor.email ? ` · ${chat.visitor.email}` : ''}</Text>
        </div>
        <Button variant="light" color="gray" size="xs" onClick={() => send({ t: 'end', ticketId: chat.ticketId })} data-testid="chat-end">End chat</Button>
      </Group>
      <Paper withBorder p="sm" style={{ flex: 1, minHeight: 260 }}>
        <ScrollArea h={360} type="auto">
          <QueryState isPending={ticket.isPending} error={ticket.error} refetch={ticket.refetch} />
          <Stack gap={6} role="log" aria-live="polite" aria-label="Conversation">
            {messages.map((m) => (
              <Paper key={m.id} p="xs" radius="md" bg={m.kind === 'inbound' ? 'gray.1' : 'blue.0'} style={{ alignSelf: m.kind === 'inbound' ? 'flex-start' : 'flex-end', maxWidth: '80%' }} data-testid="chat-message">
                <Text fz="xs" fw={600} c="dark.5">{m.kind === 'inbound' ? who : m.author?.name ?? 'Support'}</Text>
                <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{m.text}</Text>
              </Paper>
            ))}
            <div ref={bottom} />
          </Stack>
        </ScrollArea>
      </Paper>
      <Text fz="xs" c="dark.4" h={16} aria-live="polite" data-testid="chat-typing">{now - typingAt < TYPING_MS ? `${who} is typing…` : ''}</Text>
      {!connected && <Alert color="yellow" p="xs">Reconnecting to live chat…</Alert>}
      <Group align="flex-end" wrap="nowrap">
        <Textarea
          style={{ flex: 1 }} label="Reply" autosize minRows={1} maxRows={5} maxLength={4000} value={text}
          onChange={(e) => onType(e.currentTarget.value)} data-testid="chat-composer"
          onKeyDown={(e) => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); submit(); } }}
        />
        <Button onClick={submit} disabled={!connected || !text.trim()} data-testid="chat-send">Send</Button>
      </Group>
    </Stack>
  );
}
