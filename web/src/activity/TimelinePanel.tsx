import { EmptyState, Paper, Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import { IconTimeline } from '@tabler/icons-react';
import { AnchorLink } from '../components/links';
import { LoadMore } from '../components/LoadMore';
import { QueryState } from '../components/QueryState';
import { formatDateTime, formatRelative } from '../lib/format';
import { useCustomFields } from '../settings/api';
import { renderEvent } from '../timeline/render-event';
import type { RenderedEvent } from '../timeline/event-text';
import { useTimeline, type RecordKind } from './api';
import { kindIcon } from './timelineKinds';

function EventTitle({ r }: { r: RenderedEvent }) {
  return (
    <Text fz="sm" fw={500}>
      {r.title.map((p, i) => (typeof p === 'string' ? p : <AnchorLink key={i} to="/deals/$id" params={{ id: String(p.dealId) }} fz="sm" fw={500}>{p.text}</AnchorLink>))}
    </Text>
  );
}

function EventBody({ r }: { r: RenderedEvent }) {
  if (r.changes?.length) {
    return (
      <Stack gap={2} mt={2}>
        {r.changes.map((c) => (
          <Text key={c.field} fz="xs" c="dimmed">
            <b>{c.label}</b>: {c.before} → <Text span fz="xs" c="dark">{c.after}</Text>
          </Text>
        ))}
      </Stack>
    );
  }
  return r.detail ? <Text fz="xs" c="dimmed" lineClamp={3}>{r.detail}</Text> : null;
}

export function TimelinePanel({ kind, id }: { kind: RecordKind; id: number }) {
  const tl = useTimeline(kind, id);
  const fields = useCustomFields(kind === 'contacts' ? 'contact' : kind === 'deals' ? 'deal' : 'company');
  const fieldLabels: Record<string, string> = Object.fromEntries((fields.data ?? []).map((f) => [`custom.${f.key}`, f.label]));
  const events = tl.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} fz="h5" mb="md">Timeline</Title>
      <QueryState isPending={tl.isPending} error={tl.error} refetch={tl.refetch} />
      {!tl.isPending && !tl.error && !events.length && (
        <EmptyState size="sm" icon={<IconTimeline size={24} />} title="No activity yet" />
      )}
      {events.length > 0 && (
        <Timeline bulletSize={28} lineWidth={2} data-testid="timeline">
          {events.map((e) => {
            const v = kindIcon(e.kind);
            const r = renderEvent(e, { fieldLabels });
            return (
              <Timeline.Item key={e.id} bullet={<ThemeIcon size={28} radius="xl" variant="light" color={v.color}>{v.icon}</ThemeIcon>} data-testid="timeline-item" data-kind={e.kind}
                title={<EventTitle r={r} />}>
                <EventBody r={r} />
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
