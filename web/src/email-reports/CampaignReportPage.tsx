import { Anchor, Badge, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatDateTime } from '../lib/format';
import { Chart } from '../reports/Chart';
import { useCampaignReport, type CampaignReport } from './api';
import { FigureGrid } from './FigureGrid';

const SERIES: [string, string, boolean][] = [['Opens', 'open', false], ['Machine opens', 'open', true], ['Clicks', 'click', false], ['Bounces', 'bounce', false]];

function hourly(r: CampaignReport) {
  const last = Math.max(23, ...r.byHour.map((h) => h.hour));
  const hours = Array.from({ length: last + 1 }, (_, i) => i);
  return {
    hours,
    series: SERIES.map(([name, type, machine]) => ({
      name, type: 'bar' as const, stack: type === 'open' ? 'opens' : undefined,
      data: hours.map((h) => r.byHour.filter((x) => x.hour === h && x.type === type && x.machine === machine).reduce((s, x) => s + x.count, 0)),
    })),
  };
}

/** One campaign's report: figures, activity by hour since send, clicks per link and recipient domains. */
export function CampaignReportPage({ id }: { id: number }) {
  const q = useCampaignReport(id);
  const r = q.data;
  if (!r) return <QueryState isPending={q.isPending} error={q.error} refetch={q.refetch} />;
  const { hours, series } = hourly(r);
  return (
    <>
      <PageHeader title={`Report: ${r.campaign.name}`} description={<Text span c="gray.7" fz="sm">{`${r.campaign.subject} · started ${formatDateTime(r.campaign.startedAt)}`}</Text>}
        actions={<Badge variant="light" size="lg">{r.campaign.status}</Badge>} />
      <FigureGrid f={r} />
      <Paper withBorder p="md" radius="md" mb="md">
        <Title order={2} fz="md" mb="xs">Activity by hour since send</Title>
        <Chart testId="chart-by-hour" height={300} option={{
          tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 40, right: 16, top: 36, bottom: 40 },
          xAxis: { type: 'category', data: hours.map((h) => `${h}h`), name: 'hours since send', nameLocation: 'middle', nameGap: 28 }, yAxis: { type: 'value', minInterval: 1 }, series,
        }} />
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" radius="md">
          <Title order={2} fz="md" mb="xs">Clicks per link</Title>
          {r.links.length === 0 ? <Text c="gray.7" fz="sm">This email had no tracked links.</Text> : (
            <Table fz="sm" data-testid="link-clicks">
              <Table.Thead><Table.Tr><Table.Th>Link</Table.Th><Table.Th ta="right">Clicks</Table.Th><Table.Th ta="right">Unique</Table.Th><Table.Th ta="right">Machine</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>{r.links.map((l) => (
                <Table.Tr key={l.position}>
                  <Table.Td><Anchor href={l.url} target="_blank" rel="noreferrer" fz="sm" c="blue.9" style={{ overflowWrap: 'anywhere' }}>{l.url}</Anchor></Table.Td>
                  <Table.Td ta="right">{l.clicks}</Table.Td><Table.Td ta="right">{l.uniqueClicks}</Table.Td><Table.Td ta="right">{l.machineClicks}</Table.Td>
                </Table.Tr>))}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={2} fz="md" mb="xs">By recipient domain</Title>
          <Chart testId="chart-by-domain" height={Math.max(220, r.byDomain.length * 34)} option={{
            tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 110, right: 16, top: 36, bottom: 24 },
            yAxis: { type: 'category', data: r.byDomain.map((d) => d.domain), inverse: true }, xAxis: { type: 'value', minInterval: 1 },
            series: (['sent', 'opened', 'clicked', 'bounced', 'blocked'] as const).map((k) => ({ name: k, type: 'bar', data: r.byDomain.map((d) => d[k]) })),
          }} />
        </Paper>
      </SimpleGrid>
    </>
  );
}
