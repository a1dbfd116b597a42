import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { supportCsvUrl, useSupportReport, type SupportFigures } from './api';
import { SupportCharts } from './SupportCharts';

const pct = (v: number | null) => (v === null ? '—' : `${v} %`);
const mins = (v: number | null) => (v === null ? '—' : v < 120 ? `${Math.round(v)} min` : `${Math.round(v / 6) / 10} h`);

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz="xl" fw={700} data-testid={testId}>{value}</Text>
    </Paper>
  );
}

const row = (name: string, f: SupportFigures) => (
  <Table.Tr key={name}>
    <Table.Td>{name}</Table.Td><Table.Td>{f.tickets}</Table.Td>
    <Table.Td>{mins(f.firstResponseMinutes.p50)} / {mins(f.firstResponseMinutes.p90)}</Table.Td>
    <Table.Td>{mins(f.resolutionMinutes.p50)} / {mins(f.resolutionMinutes.p90)}</Table.Td>
    <Table.Td>{pct(f.sla.metPercent)}</Table.Td>
    <Table.Td>{f.csat.average ?? '—'} ({f.csat.responses}/{f.csat.requested})</Table.Td>
  </Table.Tr>
);

/** The help desk's report: figures for the period, charts, a per-agent table, and the CSV download. */
export function SupportReportsPage() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const q = useSupportReport({ from, to });
  const r = q.data;
  return (
    <Stack gap="md">
      <PageHeader title="Support reports" description="Tickets opened in the period: volume, response and resolution times in business hours, SLA, satisfaction and backlog."
        actions={<Button component="a" href={supportCsvUrl({ from, to })} variant="default" leftSection={<IconDownload size={16} />} data-testid="support-csv">Download CSV</Button>} />
      <Group align="flex-end">
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} data-testid="support-from" />
        <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} data-testid="support-to" />
        {r && <Text fz="sm" c="dimmed" data-testid="support-period">{r.from} – {r.to}</Text>}
      </Group>
      {!r ? <QueryState isPending={q.isPending} error={q.error} refetch={q.refetch} /> : (
        <>
          {r.truncated && <Text c="orange">Only the first 100,000 tickets of the period are counted; choose a shorter period.</Text>}
          <SimpleGrid cols={{ base: 2, sm: 5 }}>
            <Stat label="Tickets" value={String(r.summary.tickets)} testId="stat-tickets" />
            <Stat label="First response p50" value={mins(r.summary.firstResponseMinutes.p50)} testId="stat-first-response" />
            <Stat label="Resolution p50" value={mins(r.summary.resolutionMinutes.p50)} testId="stat-resolution" />
            <Stat label="SLA met" value={pct(r.summary.sla.metPercent)} testId="stat-sla" />
            <Stat label="CSAT" value={r.summary.csat.average === null ? '—' : `${r.summary.csat.average} / 5`} testId="stat-csat" />
          </SimpleGrid>
          <SupportCharts report={r} />
          <Paper withBorder p="md" radius="md">
            <Table data-testid="support-agents">
              <Table.Thead><Table.Tr><Table.Th>Agent</Table.Th><Table.Th>Tickets</Table.Th><Table.Th>First response p50 / p90</Table.Th><Table.Th>Resolution p50 / p90</Table.Th><Table.Th>SLA met</Table.Th><Table.Th>CSAT (rated / asked)</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>{row('All', r.summary)}{(r.agents ?? []).map((a) => row(a.agent ? a.agent.name || `User ${a.agent.id}` : 'Unassigned', a.figures))}</Table.Tbody>
            </Table>
          </Paper>
          <Text fz="xs" c="dimmed">Times count business hours of each ticket’s SLA policy, less the time it waited on the customer. <Anchor href="/settings/sla-policies">SLA policies</Anchor></Text>
        </>
      )}
    </Stack>
  );
}
