import { Alert, Button, Card, Grid, Group, Modal, NumberInput, Select, Stack, TagsInput, Text, Title } from '@mantine/core';
import { IconArrowMerge } from '@tabler/icons-react';
import { useState } from 'react';
import { usePermissions } from '../auth/api';
import { OwnerSelect } from '../components/OwnerSelect';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { AnchorLink } from '../components/links';
import { formatDateTime } from '../lib/format';
import { formErrors } from '../lib/form-errors';
import { notifyError, notifySuccess } from '../lib/notify';
import {
  PRIORITY_LABEL, STATUS_LABEL, TICKETS_WRITE, TICKET_PRIORITIES, TICKET_STATUSES, useMergeTicket, useTicket, useUpdateTicket,
  type TicketDetail, type TicketPriority, type TicketStatus,
} from './api';
import { CustomerPanel } from './CustomerPanel';
import { ReplyComposer } from './ReplyComposer';
import { PriorityBadge, SlaBadges, StatusBadge } from './TicketBadges';
import { TicketThread } from './TicketThread';

function MergeModal({ ticket, opened, onClose }: { ticket: TicketDetail; opened: boolean; onClose: () => void }) {
  const [into, setInto] = useState<number | string>('');
  const merge = useMergeTicket(ticket.id);
  const errors = formErrors(merge.error, ['intoTicketId']);
  const submit = () => merge.mutate(Number(into), { onSuccess: () => { notifySuccess(`Ticket #${ticket.id} merged into #${into}`); onClose(); } });
  return (
    <Modal opened={opened} onClose={onClose} title={`Merge ticket #${ticket.id}`}>
      <Text fz="sm" mb="sm">Its messages move to the other ticket, and this one is closed with a pointer there.</Text>
      <NumberInput label="Merge into ticket number" value={into} onChange={setInto} min={1} allowDecimal={false} error={errors.field('intoTicketId')} data-testid="merge-into" />
      {errors.rest.map((m) => <Alert key={m} color="red" mt="sm">{m}</Alert>)}
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>Cancel</Button>
        <Button onClick={submit} disabled={!into} loading={merge.isPending} data-testid="merge-submit">Merge</Button>
      </Group>
    </Modal>
  );
}

/** Status, priority, assignee and tags; each change is saved at once and lands on the timeline. */
function TicketProperties({ ticket, writable }: { ticket: TicketDetail; writable: boolean }) {
  const update = useUpdateTicket(ticket.id);
  const save = (change: Parameters<typeof update.mutate>[0]) => update.mutate(change, { onError: (e) => notifyError(e, 'Could not change the ticket') });
  return (
    <Card withBorder radius="md" p="md">
      <Title order={2} fz="h5" mb="xs">Ticket</Title>
      <Stack gap="sm">
        <Select label="Status" value={ticket.status} disabled={!writable} data-testid="ticket-status-select" allowDeselect={false}
          data={TICKET_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))} onChange={(v) => v && save({ status: v as TicketStatus })} />
        <Select label="Priority" value={ticket.priority} disabled={!writable} data-testid="ticket-priority-select" allowDeselect={false}
          data={TICKET_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] }))} onChange={(v) => v && save({ priority: v as TicketPriority })} />
        <OwnerSelect label="Assignee" placeholder="Unassigned" value={ticket.assignee?.id ?? null} current={ticket.assignee}
          onChange={(id) => save({ assigneeId: id })} testId="ticket-assignee" />
        <TagsInput label="Tags" value={ticket.tags} disabled={!writable} onChange={(tags) => save({ tags })} clearable data-testid="ticket-tags" />
        <Text fz="xs" c="dimmed">Opened {formatDateTime(ticket.createdAt)} · via {ticket.channel}</Text>
        {ticket.csat && (
          <Alert color={ticket.csat.score >= 4 ? 'green' : ticket.csat.score <= 2 ? 'red' : 'yellow'} title={`Satisfaction: ${ticket.csat.score} of 5`} data-testid="ticket-csat">
            {ticket.csat.comment || 'No comment.'}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

export function TicketPage({ id }: { id: number }) {
  const { can } = usePermissions();
  const ticket = useTicket(id);
  const [merging, setMerging] = useState(false);
  if (!ticket.data) return <QueryState isPending={ticket.isPending} error={ticket.error} refetch={ticket.refetch} />;
  const t = ticket.data;
  const writable = can(TICKETS_WRITE);
  return (
    <>
      <PageHeader
        above={<AnchorLink to="/tickets" fz="sm">← Tickets</AnchorLink>}
        title={<span data-testid="ticket-subject">#{t.id} {t.subject}</span>}
        description={<Group gap="xs" component="span"><StatusBadge status={t.status} /><PriorityBadge priority={t.priority} /><SlaBadges sla={t.sla} /></Group>}
        actions={writable && !t.mergedIntoId && <Button variant="default" leftSection={<IconArrowMerge size={16} />} onClick={() => setMerging(true)} data-testid="ticket-merge">Merge</Button>}
      />
      {t.mergedIntoId && (
        <Alert color="gray" mb="md">Merged into <AnchorLink to="/tickets/$id" params={{ id: String(t.mergedIntoId) }}>ticket #{t.mergedIntoId}</AnchorLink>.</Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <TicketThread messages={t.messages} customerName={t.contact ? t.contact.name || t.contact.email : null} />
            {writable && !t.mergedIntoId && <Card withBorder radius="md" p="md"><ReplyComposer ticketId={t.id} hasCustomer={!!t.contact?.email} /></Card>}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <TicketProperties ticket={t} writable={writable} />
            {t.customer && <CustomerPanel customer={t.customer} />}
          </Stack>
        </Grid.Col>
      </Grid>
      <MergeModal ticket={t} opened={merging} onClose={() => setMerging(false)} />
    </>
  );
}
