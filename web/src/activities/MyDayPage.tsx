import { Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlarm, IconCalendarDue, IconCalendarWeek } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { browserTimeZone, useMyDay, type Activity } from './api';
import { ActivityItem } from './ActivityItem';

function Section({ title, icon, color, items, testId, empty }: { title: string; icon: ReactNode; color: string; items: Activity[]; testId: string; empty: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId} data-count={items.length}>
      <Group gap="xs" mb="sm">
        {icon}
        <Title order={2} fz="h5">{title}</Title>
        <Badge color={color} variant={items.length ? 'filled' : 'light'}>{items.length}</Badge>
      </Group>
      {!items.length && <Text c="dimmed" fz="sm">{empty}</Text>}
      <Stack gap="xs">{items.map((a) => <ActivityItem key={a.id} activity={a} />)}</Stack>
    </Paper>
  );
}

/** The caller's open tasks: overdue, due today and in the next week, in the browser's time zone. */
export function MyDayPage() {
  const day = useMyDay();
  const tz = browserTimeZone();
  const today = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', timeZone: tz }).format(new Date());
  return (
    <>
      <PageHeader title="My day" description={`${today} · ${tz}`} />
      <QueryState isPending={day.isPending} error={day.error} refetch={day.refetch} />
      {day.data && (
        <Stack gap="md" maw={900}>
          <Section title="Overdue" icon={<IconAlarm size={20} color="var(--mantine-color-red-6)" />} color="red" items={day.data.overdue} testId="my-day-overdue" empty="Nothing overdue. 👏" />
          <Section title="Today" icon={<IconCalendarDue size={20} color="var(--mantine-color-indigo-6)" />} color="indigo" items={day.data.today} testId="my-day-today" empty="Nothing else due today." />
          <Section title="Next 7 days" icon={<IconCalendarWeek size={20} color="var(--mantine-color-gray-6)" />} color="gray" items={day.data.upcoming} testId="my-day-upcoming" empty="Nothing planned yet." />
        </Stack>
      )}
    </>
  );
}
