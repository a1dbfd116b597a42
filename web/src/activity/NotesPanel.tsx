import { Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { usePermissions } from '../auth/api';
import { LoadMore } from '../components/LoadMore';
import { QueryState } from '../components/QueryState';
import { formatDateTime, formatRelative } from '../lib/format';
import { useOutbox } from '../offline/outbox';
import { useAddNote, useNotes, type RecordKind } from './api';

/** Notes list + composer; renders nothing without notes:read. */
export function NotesPanel({ kind, id }: { kind: RecordKind; id: number }) {
  const { can } = usePermissions();
  const allowed = can('notes:read');
  const notes = useNotes(kind, id, allowed);
  const add = useAddNote(kind, id);
  const [body, setBody] = useState('');
  const waiting = useOutbox().filter((i) => i.record === `${kind}/${id}` && i.label === 'Note');
  if (!allowed) return null;
  const list = notes.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Paper withBorder radius="md" p="md" data-testid="notes-panel">
      <Title order={3} fz="h5" mb="sm">Notes</Title>
      {can('notes:write') && (
        <Stack gap="xs" mb="md">
          <Textarea placeholder="Write a note…" autosize minRows={2} maxRows={8} value={body} aria-label="New note"
            onChange={(e) => setBody(e.currentTarget.value)} data-testid="note-body" />
          <Group justify="flex-end">
            <Button size="xs" disabled={!body.trim()} loading={add.isPending} data-testid="note-submit"
              onClick={() => add.mutate(body.trim(), { onSuccess: () => setBody('') })}>Add note</Button>
          </Group>
        </Stack>
      )}
      <QueryState isPending={notes.isPending} error={notes.error} />
      {!notes.isPending && !list.length && !waiting.length && <Text c="dimmed" fz="sm">No notes yet.</Text>}
      <Stack gap="sm">
        {waiting.map((w) => (
          <Paper key={w.id} bg="gray.0" p="sm" radius="sm" data-testid="note-waiting" style={{ borderLeft: '3px solid var(--mantine-color-blue-6)' }}>
            <Text fz="sm" style={{ whiteSpace: 'pre-wrap' }}>{(w.body as { body: string }).body}</Text>
            <Group gap="xs" mt={4}>
              <Badge size="xs" color={w.state === 'conflict' ? 'red' : 'blue'} c="dark.7">{w.state === 'conflict' ? 'Not saved' : 'Waiting to sync'}</Badge>
              <Text fz="xs" c="dimmed">{formatRelative(w.createdAt)}</Text>
            </Group>
          </Paper>
        ))}
        {list.map((n) => (
          <Paper key={n.id} bg="gray.0" p="sm" radius="sm" data-testid="note">
            <Text fz="sm" component="div" className="note-body" data-testid="note-html" dangerouslySetInnerHTML={{ __html: n.html }} />
            <Text fz="xs" c="dimmed" mt={4} title={formatDateTime(n.createdAt)}>
              {n.author?.name ?? 'Someone'} · {formatRelative(n.createdAt)}
            </Text>
          </Paper>
        ))}
      </Stack>
      <LoadMore hasNextPage={notes.hasNextPage} isFetchingNextPage={notes.isFetchingNextPage} fetchNextPage={notes.fetchNextPage} />
    </Paper>
  );
}
