import { Table } from '@mantine/core';
import { formatMoney } from '../deals/money';
import type { Forecast, ReportFilters } from './api';
import { useReport } from './api';
import { Chart } from './Chart';
import { monthLabel, monthsBetween, useCurrencyPick } from './currency';
import { ReportFrame } from './ReportFrame';

const NO_CLOSE_DATE = 'No close date';

export function ForecastReport({ filters }: { filters: ReportFilters }) {
  const q = useReport<Forecast>('forecast', filters);
  const rows = q.data?.rows ?? [];
  const { currencies, currency, setCurrency } = useCurrencyPick(rows);
  const mine = rows.filter((r) => r.currency === currency);
  // Open deals without a close date come last, as a column of their own, so no value goes missing.
  const undated = mine.some((r) => r.month === null);
  const months: (string | null)[] = [...(q.data ? monthsBetween(q.data.from, q.data.to) : []), ...(undated ? [null] : [])];
  const byMonth = new Map(mine.map((r) => [r.month, r]));
  const label = (m: string | null) => (m === null ? NO_CLOSE_DATE : monthLabel(m));
  const series = (key: 'won' | 'worstCase' | 'weighted' | 'bestCase') => months.map((m) => byMonth.get(m)?.[key] ?? 0);
  const money = (v: unknown) => formatMoney(Number(v), currency, true);
  return (
    <ReportFrame query={q} period={q.data} empty={!rows.length} currencies={currencies} currency={currency} onCurrency={setCurrency}>
      <Chart testId="chart-forecast" option={{
        tooltip: { trigger: 'axis', valueFormatter: (v) => formatMoney(Number(v), currency) },
        legend: { top: 0 },
        grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: months.map(label) },
        yAxis: { type: 'value', axisLabel: { formatter: money } },
        series: [
          { name: 'Worst case', type: 'bar', data: series('worstCase'), itemStyle: { color: '#adb5bd' } },
          { name: 'Weighted', type: 'bar', data: series('weighted'), itemStyle: { color: '#4c6ef5' } },
          { name: 'Best case', type: 'bar', data: series('bestCase'), itemStyle: { color: '#a5d8ff' } },
          { name: 'Won', type: 'line', data: series('won'), itemStyle: { color: '#12b886' }, lineStyle: { width: 3 }, symbolSize: 8 },
        ],
      }} />
      <Table.ScrollContainer minWidth={560} mt="md">
        <Table fz="sm" verticalSpacing={4} data-testid="forecast-table">
          <Table.Thead><Table.Tr><Table.Th>Month</Table.Th><Table.Th ta="right">Open deals</Table.Th><Table.Th ta="right">Won</Table.Th><Table.Th ta="right">Worst</Table.Th><Table.Th ta="right">Weighted</Table.Th><Table.Th ta="right">Best</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {months.filter((m) => byMonth.has(m)).map((m) => {
              const r = byMonth.get(m)!;
              return (
                <Table.Tr key={m ?? 'none'} data-testid={m === null ? 'forecast-undated' : undefined}>
                  <Table.Td>{label(m)}</Table.Td><Table.Td ta="right">{r.openDeals}</Table.Td><Table.Td ta="right">{formatMoney(r.won, currency)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(r.worstCase, currency)}</Table.Td><Table.Td ta="right" fw={600}>{formatMoney(r.weighted, currency)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(r.bestCase, currency)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </ReportFrame>
  );
}
