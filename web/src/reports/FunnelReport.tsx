import { Group, SimpleGrid, Table, Text } from '@mantine/core';
import type { Funnel, ReportFilters } from './api';
import { useReport } from './api';
import { Chart } from './Chart';
import { ReportFrame } from './ReportFrame';

const pct = (v: number | null) => (v == null ? '—' : `${v}%`);

export function FunnelReport({ filters }: { filters: ReportFilters }) {
  const q = useReport<Funnel>('funnel', filters, {}, !!filters.pipelineId);
  const f = q.data;
  const stages = f?.stages ?? [];
  const top = Math.max(1, ...stages.map((s) => s.reached));
  if (!filters.pipelineId) return <Text c="dimmed">Pick a pipeline to see its funnel.</Text>;
  return (
    <ReportFrame query={q} period={f} empty={!f?.deals}>
      <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md">
        {[['Deals', f?.deals], ['Won', f?.won], ['Lost', f?.lost], ['Win rate', pct(f?.winRate ?? null)]].map(([l, v]) => (
          <div key={String(l)}><Text fz="xs" c="dimmed" tt="uppercase" fw={600}>{l}</Text><Text fw={700} fz="lg">{v}</Text></div>
        ))}
      </SimpleGrid>
      <Chart testId="chart-funnel" height={Math.max(260, stages.length * 56)} option={{
        tooltip: { trigger: 'item', formatter: (p: unknown) => {
          const { dataIndex } = p as { dataIndex: number };
          const s = stages[dataIndex];
          return `${s.name}<br/>Reached: ${s.reached}<br/>On to next: ${pct(s.conversionToNext)}`;
        } },
        // Labels sit beside the funnel, not inside it: a narrow lower stage clipped them. They wrap
        // within the space left of the funnel (labelLine joins them), so a phone shows them whole.
        series: [{
          type: 'funnel', sort: 'none', left: '45%', width: '53%', top: 8, bottom: 8, min: 0, max: top, minSize: '8%', gap: 3,
          label: { show: true, position: 'left', width: 150, overflow: 'break', formatter: (p: unknown) => {
            const { dataIndex } = p as { dataIndex: number };
            const s = stages[dataIndex];
            return `${s.name}: ${s.reached} → ${pct(s.conversionToNext)}`;
          }, color: '#212529', fontWeight: 600 },
          labelLine: { show: true, length: 12 },
          data: stages.map((s) => ({ name: s.name, value: s.reached })),
        }],
      }} />
      <Table.ScrollContainer minWidth={480} mt="md">
        <Table fz="sm" verticalSpacing={4} data-testid="funnel-table">
          <Table.Thead><Table.Tr><Table.Th>Stage</Table.Th><Table.Th ta="right">Reached</Table.Th><Table.Th ta="right">To next stage</Table.Th><Table.Th ta="right">Avg. days in stage</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {stages.map((s, i) => (
              <Table.Tr key={s.stageId}>
                <Table.Td><Group gap={6}><Text fz="sm">{s.name}</Text><Text fz="xs" c="dimmed">{s.probability}%</Text></Group></Table.Td>
                <Table.Td ta="right">{s.reached}</Table.Td>
                <Table.Td ta="right">{pct(s.conversionToNext)}{i === stages.length - 1 && <Text span fz="xs" c="dimmed"> (won)</Text>}</Table.Td>
                <Table.Td ta="right">{s.avgDaysInStage ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </ReportFrame>
  );
}
