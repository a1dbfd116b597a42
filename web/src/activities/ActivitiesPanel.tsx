import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconCalendarPlus, IconListCheck, IconPhonePlus } from '@tabler/icons-react';
import { useState } from 'react';
import { usePermissions } from '../auth/api';
import { LoadMore } from '../components/LoadMore';
import { QueryState } from '../components/QueryState';
import { useActivities, type ActivityLinks, type ActivityType } from './api';
import { ActivityFormModal } from './ActivityFormModal';
import { ActivityItem } from './ActivityItem';

/** Calls, meetings and tasks of a deal, contact or company, with "log call", "schedule meeting" and "add task". */
export function ActivitiesPanel({ links, meetings = true }: { links: ActivityLinks; meetings?: boolean }) {
  const { can } = usePermissions();
  const allowed = can('activities:read');
  const list = useActivities(links, allowed);
  const [form, setForm] = useState<ActivityType | null>(null);
  if (!allowed) return null;
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  const hide = (['deal', 'contact', 'company'] as const).filter((k) => links[`${k}Id`] !== undefined);

  return (
    <Paper withBorder radius="md" p="md" data-testid="activities-panel">
      <Group justify="space-between" mb="sm" gap="xs">
        <Title order={3} fz="h5">Activities</Title>
        {can('activities:write') && (
          <Group gap={6}>
            <Button size="xs" variant="light" leftSection={<IconPhonePlus size={14} />} onClick={() => setForm('call')} data-testid="log-call">Log call</Button>
            {meetings && <Button size="xs" variant="light" color="grape" leftSection={<IconCalendarPlus size={14} />} onClick={() => setForm('meeting')} data-testid="schedule-meeting">Meeting</Button>}
            <Button size="xs" variant="light" color="orange" leftSection={<IconListCheck size={14} />} onClick={() => setForm('task')} data-testid="add-task">Add task</Button>
          </Group>
        )}
      </Group>
      <QueryState isPending={list.isPending} error={list.error} refetch={list.refetch} />
      {!list.isPending && !items.length && <Text c="dimmed" fz="sm">No calls, meetings or tasks yet.</Text>}
      <Stack gap="xs">
        {items.map((a) => <ActivityItem key={a.id} activity={a} hide={hide} />)}
      </Stack>
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} testId="activities-load-more" />
      {form && <ActivityFormModal key={form} type={form} links={links} opened onClose={() => setForm(null)} />}
    </Paper>
  );
}
