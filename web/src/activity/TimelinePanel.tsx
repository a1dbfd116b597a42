import { Code, EmptyState, Paper, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconTimeline } from '@tabler/icons-react';
import { LoadMore } from '../components/LoadMore';
import { QueryState } from '../components/QueryState';
import { formatDateTime, formatRelative, formatValue, humanize } from '../lib/format';
import { useTimeline, type RecordKind, type TimelineEvent } from './api';
import { fieldChanges, kindView } from './timelineKinds';

function EventBody({ e }: { e: TimelineEvent }) {
  if (e.kind === 'field_changed') {
    return (
      <Stack gap={2} mt={2}>
        {fieldChanges(e).map((c) => (
          <Text key={c.field} fz="xs" c="dimmed">
            <b>{humanize(c.field)}</b>: {formatValue(c.before)} → <Text span fz="xs" c="dark">{formatValue(c.after)}</Text>
          </Text>
        ))}
      </Stack>
    );
  }
  const body = e.data?.body ?? e.data?.excerpt;
  if (e.kind === 'note_added' && body) return <Text fz="xs" c="dimmed" lineClamp={3}>{String(body)}</Text>;
  if (!(e.kind in { created: 1, tag_added: 1, tag_removed: 1, imported: 1, merged: 1, deleted: 1, note_added: 1 }) && e.data && Object.keys(e.data).length) {
    return <Code block fz="xs" mt={4} style={{ maxHeight: 120, overflow: 'auto' }}>{JSON.stringify(e.data, null, 2)}</Code>;
  }
  return null;
}

export function TimelinePanel({ kind, id }: { kind: RecordKind; id: number }) {
  const tl = useTimeline(kind, id);
  const events = tl.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} fz="h5" mb="md">Timeline</Title>
      <QueryState isPending={tl.isPending} error={tl.error} refetch={tl.refetch} />
      {!tl.isPending && !tl.error && !events.length && (
        <EmptyState size="sm" icon={<IconTimeline size={24} />} title="No activity yet" />
      )}
      {events.length > 0 && (
        <Timeline bulletSize={26} lineWidth={2} data-testid="timeline">
          {events.map((e) => {
            const v = kindView(e.kind);
            return (
              <Timeline.Item key={e.id} bullet={v.icon} color={v.color} data-testid="timeline-item" data-kind={e.kind}
                title={<Text fz="sm" fw={500}>{v.label(e)}</Text>}>
                <EventBody e={e} />
                <Text fz="xs" c="dimmed" mt={4} title={formatDateTime(e.occurredAt)}>
                  {formatRelative(e.occurredAt)}{e.actor ? ` · ${e.actor.name}` : ''}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
      <LoadMore hasNextPage={tl.hasNextPage} isFetchingNextPage={tl.isFetchingNextPage} fetchNextPage={tl.fetchNextPage} testId="timeline-load-more" />
    </Paper>
  );
}
