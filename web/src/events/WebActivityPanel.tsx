import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconWorld } from '@tabler/icons-react';
import { QueryState } from '../components/QueryState';
import { formatDateTime } from '../lib/format';
import { useContactWebActivity, type WebSession } from './api';

const pathOf = (url: string | null) => {
  if (!url) return '—';
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
};

function Session({ s }: { s: WebSession }) {
  const utm = Object.entries(s.utm).map(([k, v]) => `${k}: ${v}`).join(', ');
  return (
    <Stack gap={4} data-testid="web-session">
      <Group gap="xs" wrap="wrap">
        <Text fz="sm" fw={600}>{formatDateTime(s.startedAt)}</Text>
        <Badge size="sm" variant="light">{s.pageCount} {s.pageCount === 1 ? 'page' : 'pages'}</Badge>
        {s.eventCount > 0 && <Badge size="sm" variant="light" color="grape">{s.eventCount} {s.eventCount === 1 ? 'event' : 'events'}</Badge>}
      </Group>
      {(s.referrer || utm) && <Text fz="xs" c="dimmed">{[s.referrer && `From ${s.referrer}`, utm].filter(Boolean).join(' · ')}</Text>}
      <Stack gap={0} component="ol" pl="md" m={0}>
        {s.pages.map((p) => (
          <Text fz="xs" component="li" key={`${p.occurredAt}${p.url}`}>
            {p.url ? <Anchor fz="xs" href={p.url} target="_blank" rel="noopener noreferrer">{p.title || pathOf(p.url)}</Anchor> : p.title}
          </Text>
        ))}
        {s.pages.length === 0 && <Text fz="xs" c="dimmed" component="li">Landing page {pathOf(s.landingUrl)} (older page views are no longer kept)</Text>}
      </Stack>
    </Stack>
  );
}

/** The contact's visits to the website (the snippet and the events API): sessions with their pages, first and last seen. */
export function WebActivityPanel({ contactId }: { contactId: number }) {
  const query = useContactWebActivity(contactId);
  return (
    <Paper withBorder radius="md" p="md" data-testid="web-activity">
      <Group gap="xs" mb="xs">
        <IconWorld size={18} aria-hidden />
        <Title order={2} fz="md">Website visits</Title>
      </Group>
      {!query.data ? <QueryState isPending={query.isPending} error={query.error} refetch={query.refetch} />
        : query.data.sessions.length === 0 ? <Text fz="sm" c="dimmed">No visits recorded.</Text> : (
          <Stack gap="sm">
            <Text fz="xs" c="dimmed" data-testid="web-seen">First seen {formatDateTime(query.data.firstSeenAt)} · Last seen {formatDateTime(query.data.lastSeenAt)}</Text>
            {query.data.sessions.map((s) => <Session key={s.sessionId} s={s} />)}
          </Stack>
        )}
    </Paper>
  );
}
