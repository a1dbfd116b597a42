import { SimpleGrid, Paper, Text } from '@mantine/core';
import { Chart } from '../reports/Chart';
import { CHANNELS, type SupportReport } from './api';

const agentName = (a: { agent: { id: number; name: string } | null }) => (a.agent ? a.agent.name || `User ${a.agent.id}` : 'Unassigned');
const hours = (m: number | null) => (m === null ? null : Math.round((m / 60) * 10) / 10);

/** The report's charts: volume, response and resolution times, SLA, CSAT, backlog; per agent where it helps. */
export function SupportCharts({ report }: { report: SupportReport }) {
  const agents = report.agents ?? [];
  const s = report.summary;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Paper withBorder p="md" radius="md">
        <Text fw={600} mb="xs">Volume by channel</Text>
        <Chart testId="chart-volume" height={260} option={{
          tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: ['All', ...agents.map(agentName)] }, yAxis: { type: 'value', minInterval: 1 },
          series: CHANNELS.map((c) => ({ name: c, type: 'bar', stack: 'v', data: [s.byChannel[c], ...agents.map((a) => a.figures.byChannel[c])] })),
        }} />
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Text fw={600} mb="xs">Response and resolution time (business hours)</Text>
        <Chart testId="chart-times" height={260} option={{
          tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: ['All', ...agents.map(agentName)] }, yAxis: { type: 'value', name: 'hours' },
          series: ([['First response p50', 'firstResponseMinutes', 'p50'], ['First response p90', 'firstResponseMinutes', 'p90'], ['Resolution p50', 'resolutionMinutes', 'p50'], ['Resolution p90', 'resolutionMinutes', 'p90']] as const)
            .map(([name, key, p]) => ({ name, type: 'bar' as const, data: [hours(s[key][p]), ...agents.map((a) => hours(a.figures[key][p]))] })),
        }} />
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Text fw={600} mb="xs">Backlog (open tickets at the end of each day)</Text>
        <Chart testId="chart-backlog" height={260} option={{
          tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: s.backlog.map((b) => b.day) }, yAxis: { type: 'value', minInterval: 1 },
          series: [{ name: 'All', type: 'line', data: s.backlog.map((b) => b.open) }, ...agents.map((a) => ({ name: agentName(a), type: 'line' as const, data: a.figures.backlog.map((b) => b.open) }))],
        }} />
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Text fw={600} mb="xs">Customer satisfaction</Text>
        <Chart testId="chart-csat" height={260} option={{
          tooltip: { trigger: 'axis' }, grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
          xAxis: { type: 'category', data: ['1', '2', '3', '4', '5'], name: 'score' }, yAxis: { type: 'value', minInterval: 1 },
          series: [{ name: 'Ratings', type: 'bar', data: (['1', '2', '3', '4', '5'] as const).map((k) => s.csat.distribution[k]) }],
        }} />
      </Paper>
    </SimpleGrid>
  );
}
