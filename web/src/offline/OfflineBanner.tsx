import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconCloudOff, IconAlertTriangle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useMe } from '../auth/api';
import { formatDateTime } from '../lib/format';
import { useOnline } from './network';
import { discard, flushOutbox, retry, setOutboxOwner, useOutbox } from './outbox';

/**
 * Above every page: says plainly when the app is offline (what is shown was saved on this device),
 * how many changes wait to be sent, and every change the server refused on replay, with its
 * reason and a choice to retry or discard. Sends the waiting changes when the network returns.
 */
export function OfflineBanner() {
  const online = useOnline();
  const { data: me } = useMe();
  const items = useOutbox();
  const qc = useQueryClient();
  const owner = me?.user.id ? `${me.user.id}@${me.workspace.id}` : null;
  const mine = items.filter((i) => i.owner === owner);
  const waiting = mine.filter((i) => i.state === 'waiting');
  const conflicts = mine.filter((i) => i.state === 'conflict');

  useEffect(() => setOutboxOwner(owner), [owner]);
  useEffect(() => {
    if (!online || !owner || !waiting.length) return;
    void flushOutbox(() => void qc.invalidateQueries()).then((sent) => sent && void qc.invalidateQueries());
  }, [online, owner, waiting.length, qc]);

  if (online && !mine.length) return null;
  return (
    <Stack gap="xs" mb="md" data-testid="offline-banner">
      {!online && (
        <Alert color="gray" variant="filled" icon={<IconCloudOff size={18} />} title="You are offline">
          You are reading what this device saved the last time these pages were open.
          {waiting.length ? ` ${waiting.length} change${waiting.length > 1 ? 's' : ''} will be sent when the connection is back.` : ' Notes and calls you log now are kept and sent when the connection is back.'}
        </Alert>
      )}
      {online && waiting.length > 0 && <Alert color="blue" title="Sending changes made offline">{waiting.length} waiting…</Alert>}
      {conflicts.map((c) => (
        <Alert key={c.id} color="red" icon={<IconAlertTriangle size={18} />} title={`Not saved: ${c.label}`} data-testid="outbox-conflict">
          <Text fz="sm">Made offline at {formatDateTime(c.createdAt)}; the server refused it: {c.reason}</Text>
          <Text fz="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>{(c.body as { body?: string; subject?: string }).body ?? (c.body as { subject?: string }).subject}</Text>
          <Group gap="xs" mt="xs">
            <Button size="xs" variant="white" color="red" onClick={() => retry(c.id)}>Try again</Button>
            <Button size="xs" variant="subtle" color="red" onClick={() => discard(c.id)}>Discard</Button>
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}
