import { Group, SegmentedControl, Switch, Text, TextInput, EmptyState } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconHeadset, IconSearch } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { DataTable } from '../components/DataTable';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatRelative } from '../lib/format';
import { notifyError } from '../lib/notify';
import { TICKET_VIEWS, VIEW_LABEL, useSetPresence, useTickets, type Ticket, type TicketView } from './api';
import { PriorityBadge, SlaBadges, StatusBadge } from './TicketBadges';

const col = createColumnHelper<Ticket>();

/** Online agents receive new tickets by the inbox's assignment rule; away agents are skipped. */
function PresenceSwitch() {
  const [online, setOnline] = useState(false);
  const presence = useSetPresence();
  const toggle = (next: boolean) => {
    setOnline(next);
    presence.mutate(next ? 'online' : 'away', { onError: (e) => { setOnline(!next); notifyError(e, 'Could not change your presence'); } });
  };
  return <Switch checked={online} onChange={(e) => toggle(e.currentTarget.checked)} label={online ? 'Online: new tickets come to me' : 'Away'} data-testid="agent-presence" />;
}

export function TicketsPage() {
  const navigate = useNavigate();
  const [view, setView] = useState<TicketView>('all_open');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const tickets = useTickets(view, q);
  const rows = useMemo(() => tickets.data?.pages.flatMap((p) => p.data) ?? [], [tickets.data]);

  const columns = [
    col.accessor('subject', {
      id: 'subject', header: 'Subject',
      cell: (c) => (
        <>
          <Text fz="sm" fw={500} c="indigo.8" lineClamp={1}>#{c.row.original.id} {c.getValue()}</Text>
          <Text fz="xs" c="dimmed" lineClamp={1}>{c.row.original.contact?.name || c.row.original.contact?.email || 'No customer'} · {c.row.original.channel}</Text>
        </>
      ),
    }),
    col.accessor('status', { id: 'status', header: 'Status', cell: (c) => <StatusBadge status={c.getValue()} /> }),
    col.accessor('priority', { id: 'priority', header: 'Priority', cell: (c) => <PriorityBadge priority={c.getValue()} /> }),
    col.accessor('assignee', { id: 'assignee', header: 'Assignee', cell: (c) => <Text fz="sm" c={c.getValue() ? undefined : 'dimmed'}>{c.getValue()?.name ?? 'Unassigned'}</Text> }),
    col.accessor('sla', { id: 'sla', header: 'SLA', cell: (c) => <SlaBadges sla={c.getValue()} compact /> }),
    col.accessor('updatedAt', { id: 'updatedAt', header: 'Updated', cell: (c) => <Text fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatRelative(c.getValue())}</Text> }),
  ];

  return (
    <>
      <PageHeader title="Tickets" description="Every customer conversation, by email, web and chat, with its SLA." actions={<PresenceSwitch />} />
      <Group mb="md" gap="sm" wrap="wrap">
        <SegmentedControl value={view} onChange={(v) => setView(v as TicketView)} data-testid="ticket-views" aria-label="Ticket view"
          data={TICKET_VIEWS.map((v) => ({ value: v, label: VIEW_LABEL[v] }))} />
        <TextInput leftSection={<IconSearch size={16} />} placeholder="Search subjects and messages" aria-label="Search tickets"
          value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={{ base: '100%', sm: 320 }} data-testid="ticket-search" />
      </Group>
      {tickets.error ? <QueryState isPending={false} error={tickets.error} refetch={tickets.refetch} /> : (
        <DataTable testId="tickets-table" data={rows} columns={columns} loading={tickets.isPending} getRowId={(t) => String(t.id)} minWidth={860}
          onRowClick={(t) => navigate({ to: '/tickets/$id', params: { id: String(t.id) } })} hideOnMobile={['priority', 'assignee', 'updatedAt', 'sla']}
          empty={<EmptyState icon={<IconHeadset size={28} />} variant="light" title={q ? 'No tickets match' : `No tickets in “${VIEW_LABEL[view]}”`}
            description="Mail to an inbox's support address, a web form or a chat opens a ticket here." />} />
      )}
      <LoadMore hasNextPage={tickets.hasNextPage} isFetchingNextPage={tickets.isFetchingNextPage} fetchNextPage={tickets.fetchNextPage} />
    </>
  );
}
