import { Code, EmptyState, Paper, Stack, Text, ThemeIcon, Timeline, Title } from '@mantine/core';
import { IconTimeline } from '@tabler/icons-react';
import { LoadMore } from '../components/LoadMore';
import { QueryState } from '../components/QueryState';
import { formatDateTime, formatRelative, formatValue, humanize } from '../lib/format';
import { useCustomFields } from '../settings/api';
import { useTimeline, type RecordKind, type TimelineEvent } from './api';
import { fieldChanges, KINDS, kindView } from './timelineKinds';

const REF_FIELDS: Record<string, string> = { companyId: 'Company', ownerId: 'Owner' };
const refValue = (field: string, v: unknown) => (field in REF_FIELDS && v != null ? `#${String(v)}` : formatValue(v));

function EventBody({ e, labels }: { e: TimelineEvent; labels: Record<string, string> }) {
  if (e.kind === 'field_changed' || e.kind === 'deal_field_changed') {
    return (
      <Stack gap={2} mt={2}>
        {fieldChanges(e).map((c) => (
          <Text key={c.field} fz="xs" c="dimmed">
            <b>{labels[c.field] ?? REF_FIELDS[c.field] ?? humanize(c.field)}</b>: {refValue(c.field, c.before)} →{' '}
            <Text span fz="xs" c="dark">{refValue(c.field, c.after)}</Text>
          </Text>
        ))}
      </Stack>
    );
  }
  const view = KINDS[e.kind];
  if (view) {
    const detail = view.detail?.(e);
    return detail ? <Text fz="xs" c="dimmed" lineClamp={3}>{detail}</Text> : null;
  }
  if (e.data && Object.keys(e.data).length) {
    return <Code block fz="xs" mt={4} style={{ maxHeight: 120, overflow: 'auto' }}>{JSON.stringify(e.data, null, 2)}</Code>;
  }
  return null;
}

export function TimelinePanel({ kind, id }: { kind: RecordKind; id: number }) {
  const tl = useTimeline(kind, id);
  const fields = useCustomFields(kind === 'contacts' ? 'contact' : kind === 'deals' ? 'deal' : 'company');
  const labels: Record<string, string> = Object.fromEntries((fields.data ?? []).map((f) => [`custom.${f.key}`, f.label]));
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
            const v = kindView(e.kind);
            return (
              <Timeline.Item key={e.id} bullet={<ThemeIcon size={28} radius="xl" variant="light" color={v.color}>{v.icon}</ThemeIcon>} data-testid="timeline-item" data-kind={e.kind}
                title={<Text fz="sm" fw={500}>{v.label(e)}</Text>}>
                <EventBody e={e} labels={labels} />
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
