import { SimpleGrid, Table, Text } from '@mantine/core';
import { AnchorLink } from '../components/links';
import { formatMoney } from '../deals/money';
import { formatDate } from '../lib/format';
import type { Profitability, ReportFilters } from './api';
import { useReport } from './api';
import { Chart } from './Chart';
import { useCurrencyPick } from './currency';
import { ReportFrame } from './ReportFrame';

export function ProfitabilityReport({ filters }: { filters: ReportFilters }) {
  const q = useReport<Profitability>('profitability', filters);
  const all = q.data?.rows ?? [];
  const { currencies, currency, setCurrency } = useCurrencyPick(all);
  const rows = all.filter((r) => r.currency === currency);
  const total = q.data?.totals.find((t) => t.currency === currency);
  const top = rows.slice(0, 15);
  return (
    <ReportFrame query={q} period={q.data} empty={!all.length} currencies={currencies} currency={currency} onCurrency={setCurrency}>
      {total && (
        <SimpleGrid cols={{ base: 2, sm: 5 }} mb="md" data-testid="profit-totals">
          {[['Won deals', String(total.deals)], ['Revenue', formatMoney(total.revenue, currency)], ['Costs', formatMoney(total.costs, currency)],
            ['Margin', formatMoney(total.margin, currency)], ['Margin %', total.marginPercent == null ? '—' : `${total.marginPercent}%`]].map(([l, v]) => (
            <div key={l}><Text fz="xs" c="dimmed" tt="uppercase" fw={600}>{l}</Text><Text fw={700} fz="lg">{v}</Text></div>
          ))}
        </SimpleGrid>
      )}
      <Chart testId="chart-profitability" height={Math.max(280, top.length * 44 + 80)} option={{
        tooltip: { trigger: 'axis', valueFormatter: (v) => formatMoney(Number(v), currency) },
        legend: { top: 0 },
        grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
        yAxis: { type: 'category', data: top.map((r) => r.title), inverse: true, axisLabel: { width: 160, overflow: 'truncate' } },
        xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatMoney(v, currency, true) } },
        series: [
          { name: 'Revenue', type: 'bar', data: top.map((r) => r.revenue), itemStyle: { color: '#4c6ef5' } },
          { name: 'Costs', type: 'bar', data: top.map((r) => r.costs), itemStyle: { color: '#fa5252' } },
          { name: 'Margin', type: 'bar', data: top.map((r) => r.margin), itemStyle: { color: '#12b886' } },
        ],
      }} />
      <Table.ScrollContainer minWidth={620} mt="md">
        <Table fz="sm" verticalSpacing={4} data-testid="profitability-table">
          <Table.Thead><Table.Tr><Table.Th>Deal</Table.Th><Table.Th>Owner</Table.Th><Table.Th>Won</Table.Th><Table.Th ta="right">Revenue</Table.Th><Table.Th ta="right">Costs</Table.Th><Table.Th ta="right">Margin</Table.Th><Table.Th ta="right">%</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.dealId}>
                <Table.Td><AnchorLink to="/deals/$id" params={{ id: String(r.dealId) }} fz="sm">{r.title}</AnchorLink></Table.Td>
                <Table.Td>{r.owner ?? '—'}</Table.Td><Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(r.wonAt)}</Table.Td>
                <Table.Td ta="right">{formatMoney(r.revenue, currency)}</Table.Td><Table.Td ta="right">{formatMoney(r.costs, currency)}</Table.Td>
                <Table.Td ta="right" c={r.margin < 0 ? 'red.9' : undefined}>{formatMoney(r.margin, currency)}</Table.Td>
                <Table.Td ta="right">{r.marginPercent == null ? '—' : `${r.marginPercent}%`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </ReportFrame>
  );
}
