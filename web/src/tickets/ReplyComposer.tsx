import { Alert, Button, Group, Menu, SegmentedControl, Select, Stack, Textarea } from '@mantine/core';
import { IconMessageDots } from '@tabler/icons-react';
import { useState } from 'react';
import { formErrors } from '../lib/form-errors';
import { notifyError, notifySuccess } from '../lib/notify';
import { STATUS_LABEL, TICKET_STATUSES, renderCannedReply, useAddMessage, useCannedReplies, type TicketStatus } from './api';

/**
 * Public reply (sent by email, threaded into the customer's conversation) or internal note.
 * After a reply the ticket waits on the customer (pending) unless the agent picks another status.
 */
export function ReplyComposer({ ticketId, hasCustomer }: { ticketId: number; hasCustomer: boolean }) {
  const [kind, setKind] = useState<'reply' | 'note'>(hasCustomer ? 'reply' : 'note');
  const [body, setBody] = useState('');
  const [status, setStatus] = useState<TicketStatus | null>(null);
  const add = useAddMessage(ticketId);
  const canned = useCannedReplies(kind === 'reply');
  const errors = formErrors(add.error, ['body', 'status']);

  const insertCanned = async (id: number) => {
    try {
      const { body: text } = await renderCannedReply(id, ticketId);
      setBody((b) => (b.trim() ? `${b.trimEnd()}\n\n${text}` : text));
    } catch (e) {
      notifyError(e, 'Could not insert the canned reply');
    }
  };
  const send = () => add.mutate({ kind, body, ...(status ? { status } : {}) }, {
    onSuccess: () => { setBody(''); setStatus(null); notifySuccess(kind === 'reply' ? 'Reply sent' : 'Note added'); },
  });

  return (
    <Stack>
      <Group justify="space-between" gap="xs">
        <SegmentedControl size="xs" value={kind} onChange={(v) => setKind(v as 'reply' | 'note')} aria-label="Message kind" data-testid="composer-kind"
          data={[{ value: 'reply', label: 'Public reply', disabled: !hasCustomer }, { value: 'note', label: 'Internal note' }]} />
        {kind === 'reply' && !!canned.data?.length && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="light" leftSection={<IconMessageDots size={14} />} data-testid="canned-menu">Canned reply</Button>
            </Menu.Target>
            <Menu.Dropdown>
              {canned.data.map((c) => <Menu.Item key={c.id} onClick={() => void insertCanned(c.id)}>{c.name}</Menu.Item>)}
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Textarea value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={4} maxRows={14}
        label={kind === 'reply' ? 'Reply to the customer' : 'Note for the team (the customer never sees it)'}
        error={errors.field('body')} data-testid="composer-body" styles={kind === 'note' ? { input: { background: 'var(--mantine-color-yellow-0)' } } : undefined} />
      {errors.rest.map((m) => <Alert key={m} color="red">{m}</Alert>)}
      <Group justify="flex-end" gap="xs">
        <Select size="sm" w={190} aria-label="Status after sending" placeholder={kind === 'reply' ? 'Then: pending' : 'Status unchanged'} clearable
          value={status} onChange={(v) => setStatus(v as TicketStatus | null)} error={errors.field('status')}
          data={TICKET_STATUSES.map((s) => ({ value: s, label: `Then: ${STATUS_LABEL[s].toLowerCase()}` }))} data-testid="composer-status" />
        <Button onClick={send} loading={add.isPending} disabled={!body.trim()} data-testid="composer-send">
          {kind === 'reply' ? 'Send reply' : 'Add note'}
        </Button>
      </Group>
    </Stack>
  );
}
