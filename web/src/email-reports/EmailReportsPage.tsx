import { Paper, Table, Text, Title } from '@mantine/core';
import { AnchorLink } from '../components/links';
import { useMemo } from 'react';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatDate } from '../lib/format';
import { Chart } from '../reports/Chart';
import { percent, useCampaignReports } from './api';

/** Campaigns side by side: rates in one chart, every figure in the table. */
export function EmailReportsPage() {
  const q = useCampaignReports();
  const rows = useMemo(() => q.data?.pages.flatMap((p) => p.data) ?? [], [q.data]);
  const shown = rows.slice(0, 12).reverse();
  return (
    <>
      <PageHeader title="Campaign reports" description={<Text span c="gray.7" fz="sm">Compare campaigns: delivery, opens, clicks, unsubscribes and complaints.</Text>} />
      <QueryState isPending={q.isPending} error={q.error} refetch={q.refetch} />
      {q.data && rows.length === 0 && <Text c="gray.7">No campaign has been sent yet.</Text>}
      {rows.length > 0 && (
        <>
          <Paper withBorder p="md" radius="md" mb="md">
            <Title order={2} fz="md" mb="xs">Rates of the latest campaigns</Title>
            <Chart testId="chart-campaigns" height={320} option={{
              tooltip: { trigger: 'axis', valueFormatter: (v) => `${Number(v).toFixed(1)}%` }, legend: { top: 0 }, grid: { left: 48, right: 16, top: 36, bottom: 48 },
              xAxis: { type: 'category', data: shown.map((c) => c.name), axisLabel: { interval: 0, width: 120, overflow: 'truncate' } }, yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
              series: (['open', 'click', 'clickToOpen', 'bounce', 'unsubscribe'] as const).map((k) => ({
                name: k === 'clickToOpen' ? 'click-to-open' : k, type: 'bar', data: shown.map((c) => Math.round(c.rates[k] * 1000) / 10),
              })),
            }} />
          </Paper>
          <Table.ScrollContainer minWidth={820}>
            <Table fz="sm" striped data-testid="campaign-reports">
              <Table.Thead><Table.Tr>
                {['Campaign', 'Sent', 'Delivered', 'Bounced', 'Opened', 'Clicked', 'Click-to-open', 'Unsubscribed', 'Complaints', 'Started'].map((h) => <Table.Th key={h}>{h}</Table.Th>)}
              </Table.Tr></Table.Thead>
              <Table.Tbody>{rows.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td><AnchorLink to="/campaigns/$id/report" params={{ id: String(c.id) }} fz="sm" c="blue.9">{c.name}</AnchorLink></Table.Td>
                  <Table.Td>{c.sent}</Table.Td><Table.Td>{percent(c.rates.delivery)}</Table.Td><Table.Td>{c.bounced.total}</Table.Td>
                  <Table.Td>{percent(c.rates.open)}</Table.Td><Table.Td>{percent(c.rates.click)}</Table.Td><Table.Td>{percent(c.rates.clickToOpen)}</Table.Td>
                  <Table.Td>{c.unsubscribes}</Table.Td><Table.Td>{c.complaints}</Table.Td><Table.Td>{formatDate(c.startedAt)}</Table.Td>
                </Table.Tr>))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore hasNextPage={q.hasNextPage} isFetchingNextPage={q.isFetchingNextPage} fetchNextPage={q.fetchNextPage} />
        </>
      )}
    </>
  );
}
