import { Grid, Paper, SegmentedControl, Text } from '@mantine/core';
import { useState } from 'react';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { useAgentSocket, useLiveChats, useSetPresence } from './api';
import { ChatConversation } from './ChatConversation';
import { ChatList } from './ChatList';

/** The agents' live chat: open chats on the left, the chosen conversation on the right. */
export function ChatPage() {
  const chats = useLiveChats();
  const presence = useSetPresence();
  const socket = useAgentSocket();
  const [selected, setSelected] = useState<number | null>(null);
  const list = chats.data?.data ?? [];
  const current = list.find((c) => c.ticketId === selected) ?? list[0] ?? null;
  const status = chats.data?.me.status ?? 'away';

  return (
    <>
      <PageHeader
        title="Live chat"
        description="Visitors reach you from the chat widget while you are online; when no one is, their message becomes an email ticket."
        actions={
          <SegmentedControl
            aria-label="Your presence" value={status} onChange={(v) => presence.mutate(v as 'online' | 'away')} data-testid="chat-status"
            data={[{ value: 'online', label: 'Online' }, { value: 'away', label: 'Away' }]}
          />
        }
      />
      <QueryState isPending={chats.isPending} error={chats.error} refetch={chats.refetch} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="xs" component="nav" aria-label="Open chats">
            <ChatList chats={list} selected={current?.ticketId ?? null} onSelect={setSelected} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          {current
            ? <ChatConversation key={current.ticketId} chat={current} typingAt={socket.typing[current.ticketId] ?? 0} connected={socket.connected} send={socket.send} />
            : <Text c="dark.4" fz="sm">Choose a chat.</Text>}
        </Grid.Col>
      </Grid>
    </>
  );
}
