import { SegmentedControl, Table } from '@mantine/core';
import { formatMoney } from '../deals/money';
import type { Performance, ReportFilters } from './api';
import { useReport } from './api';
import { Chart } from './Chart';
import { ReportFrame } from './ReportFrame';

export function PerformanceReport({ filters, groupBy, onGroupBy }: { filters: ReportFilters; groupBy: 'owner' | 'pipeline'; onGroupBy: (g: 'owner' | 'pipeline') => void }) {
  const q = useReport<Performance>('sales-performance', filters, { groupBy });
  const rows = q.data?.rows ?? [];
  return (
    <>
      <SegmentedControl mb="sm" value={groupBy} onChange={(v) => onGroupBy(v as 'owner' | 'pipeline')} data-testid="performance-group"
        data={[{ value: 'owner', label: 'Per user' }, { value: 'pipeline', label: 'Per pipeline' }]} />
      <ReportFrame query={q} period={q.data} empty={!rows.length}>
        <Chart testId="chart-performance" height={Math.max(260, rows.length * 48 + 80)} option={{
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
          yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true },
          xAxis: [{ type: 'value', max: 100, position: 'bottom', axisLabel: { formatter: '{value}%' } }, { type: 'value', position: 'top', minInterval: 1, splitLine: { show: false }, axisLabel: { formatter: '{value} d' } }],
          series: [
            { name: 'Win rate %', type: 'bar', xAxisIndex: 0, data: rows.map((r) => r.winRate ?? 0), itemStyle: { color: '#12b886' }, label: { show: true, position: 'right', formatter: '{c}%' } },
            { name: 'Avg. sales cycle (days)', type: 'bar', xAxisIndex: 1, data: rows.map((r) => r.avgSalesCycleDays ?? 0), itemStyle: { color: '#4c6ef5' }, label: { show: true, position: 'right', formatter: '{c} d' } },
          ],
        }} />
        <Table.ScrollContainer minWidth={520} mt="md">
          <Table fz="sm" verticalSpacing={4} data-testid="performance-table">
            <Table.Thead><Table.Tr><Table.Th>{groupBy === 'owner' ? 'User' : 'Pipeline'}</Table.Th><Table.Th ta="right">Won</Table.Th><Table.Th ta="right">Lost</Table.Th><Table.Th ta="right">Win rate</Table.Th><Table.Th ta="right">Avg. cycle</Table.Th><Table.Th ta="right">Won value</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={String(r.id)}>
                  <Table.Td>{r.name}</Table.Td><Table.Td ta="right">{r.won}</Table.Td><Table.Td ta="right">{r.lost}</Table.Td>
                  <Table.Td ta="right">{r.winRate == null ? '—' : `${r.winRate}%`}</Table.Td>
                  <Table.Td ta="right">{r.avgSalesCycleDays == null ? '—' : `${r.avgSalesCycleDays} d`}</Table.Td>
                  <Table.Td ta="right">{r.wonValue.map((v) => formatMoney(v.value, v.currency)).join(', ') || '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </ReportFrame>
    </>
  );
}
