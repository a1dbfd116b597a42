import { ActionIcon, Box, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell, IconBellOff, IconChecks } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { formatDateTime, formatRelative } from '../lib/format';
import { useMarkRead, useNotifications, type Notification } from './api';

/** Header bell: unread count and the latest notifications; clicking one marks it read and opens its link. */
export function NotificationBell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const list = useNotifications();
  const { one, all } = useMarkRead();
  const navigate = useNavigate();
  const unread = list.data?.unreadCount ?? 0;
  const items = list.data?.data ?? [];

  const open = (n: Notification) => {
    if (!n.read) one.mutate(n.id);
    close();
    if (n.link?.startsWith('/')) navigate({ to: n.link });
  };

  return (
    // The count sits beside the button, not in it: inside, its text broke label-in-name (axe), and
    // the popover's aria-expanded goes on its target, the button, not the badge's div.
    <Indicator label={unread > 99 ? '99+' : unread} size={16} color="red" disabled={!unread} offset={6} data-testid="notifications-count">
      <Popover position="bottom-end" width={340} shadow="md" opened={opened} onChange={(o) => { if (!o) close(); }} withinPortal>
        <Popover.Target>
          <ActionIcon variant="subtle" color="gray" size="lg" onClick={toggle} aria-label={`Notifications${unread ? ` (${unread} unread)` : ''}`} data-testid="notifications-bell">
            <IconBell size={20} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0} data-testid="notifications-dropdown">
          <Group justify="space-between" px="sm" py={8} style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
            <Text fw={600} fz="sm">Notifications</Text>
            <Button size="compact-xs" variant="subtle" leftSection={<IconChecks size={14} />} disabled={!unread} loading={all.isPending}
              onClick={() => all.mutate()} data-testid="notifications-read-all">Mark all read</Button>
          </Group>
          {!items.length ? (
            <Stack align="center" gap={4} py="lg"><IconBellOff size={22} color="var(--mantine-color-gray-5)" /><Text c="dimmed" fz="sm">No notifications yet.</Text></Stack>
          ) : (
            <ScrollArea.Autosize mah={380}>
              {items.map((n) => (
                <UnstyledButton key={n.id} onClick={() => open(n)} w="100%" px="sm" py={8} data-testid="notification-item" data-read={n.read}
                  style={{ borderBottom: '1px solid var(--mantine-color-gray-1)', background: n.read ? undefined : 'var(--mantine-color-indigo-0)' }}>
                  <Group wrap="nowrap" align="flex-start" gap={8}>
                    <Box mt={6} w={8} h={8} style={{ borderRadius: 4, flex: '0 0 8px', background: n.read ? 'transparent' : 'var(--mantine-color-indigo-6)' }} />
                    <div style={{ minWidth: 0 }}>
                      <Text fz="sm" fw={n.read ? 400 : 600} lineClamp={2}>{n.title}</Text>
                      {n.body && <Text fz="xs" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-line' }}>{n.body.replace(/^Due (\S+)/, (_, iso) => `Due ${formatDateTime(iso)}`)}</Text>}
                      <Text fz="xs" c="dimmed">{formatRelative(n.createdAt)}</Text>
                    </div>
                  </Group>
                </UnstyledButton>
              ))}
            </ScrollArea.Autosize>
          )}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
