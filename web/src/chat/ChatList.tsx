import { Badge, Group, NavLink, Stack, Text } from '@mantine/core';
import type { LiveChat } from './api';

/** The open chats, newest first; a green dot when the visitor has the page open. */
export function ChatList({ chats, selected, onSelect }: { chats: LiveChat[]; selected: number | null; onSelect: (id: number) => void }) {
  if (chats.length === 0) return <Text c="dimmed" fz="sm" p="sm" data-testid="chat-empty">No open chats. New ones appear here as visitors write.</Text>;
  return (
    <Stack gap={2} component="ul" role="list" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {chats.map((c) => (
        <li key={c.ticketId}>
          <NavLink
            active={c.ticketId === selected}
            onClick={() => onSelect(c.ticketId)}
            data-testid={`chat-item-${c.ticketId}`}
            style={{ borderRadius: 6 }}
            label={
              <Group gap={6} wrap="nowrap">
                <Badge size="xs" circle color={c.visitor.online ? 'green' : 'gray'} role="img" aria-label={c.visitor.online ? 'visitor online' : 'visitor away'}> </Badge>
                <Text fz="sm" fw={600} truncate>{c.visitor.name || c.visitor.email || `Visitor #${c.ticketId}`}</Text>
              </Group>
            }
            description={<Text fz="xs" c="dark.4" truncate>{c.lastText ?? c.subject}</Text>}
          />
        </li>
      ))}
    </Stack>
  );
}
