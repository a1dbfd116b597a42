import { Badge, Group, Paper, SegmentedControl, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatDateTime } from '../lib/format';
import { Chart } from '../reports/Chart';
import { useBounces, useDeliverability, type BounceClass } from './api';

export const CLASS: Record<BounceClass, { label: string; color: string }> = {
  hard: { label: 'Hard', color: 'red' }, soft: { label: 'Soft', color: 'orange' }, policy: { label: 'Policy block', color: 'violet' },
  complaint: { label: 'Complaint', color: 'pink' }, unknown: { label: 'Unknown', color: 'gray' },
};

/** Bounces by class, policy blocks against each sending domain and account, and every bounce in the remote server's words. */
export function DeliverabilityPage() {
  const [days, setDays] = useState('30');
  const [cls, setCls] = useState<BounceClass | 'all'>('all');
  const d = useDeliverability(Number(days));
  const list = useBounces(cls === 'all' ? null : cls);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const byClass = d.data?.byClass ?? [];
  return (
    <>
      <PageHeader title="Deliverability" description={<Text span c="gray.7" fz="sm">Dead addresses are suppressed; policy blocks are the sender's problem and are shown against the sending domain.</Text>}
        actions={<SegmentedControl value={days} onChange={setDays} aria-label="Period" data={[{ value: '7', label: '7 days' }, { value: '30', label: '30 days' }, { value: '90', label: '90 days' }]} />} />
      <QueryState isPending={d.isPending} error={d.error} refetch={d.refetch} />
      {d.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }} mb="md">
          <Paper withBorder p="md" radius="md">
            <Title order={2} fz="md" mb="xs">Bounces by class</Title>
            <Chart testId="chart-bounce-classes" height={240} option={{
              tooltip: { trigger: 'axis' }, grid: { left: 100, right: 16, top: 8, bottom: 24 }, xAxis: { type: 'value', minInterval: 1 },
              yAxis: { type: 'category', data: (Object.keys(CLASS) as BounceClass[]).map((c) => CLASS[c].label) },
              series: [{ type: 'bar', name: 'Bounces', data: (Object.keys(CLASS) as BounceClass[]).map((c) => byClass.find((b) => b.class === c)?.count ?? 0) }],
            }} />
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Title order={2} fz="md" mb="xs">Policy blocks per sending domain and account</Title>
            {d.data.policyBySender.length === 0 ? <Text fz="sm" c="gray.7">No policy blocks in this period.</Text> : (
              <Table fz="sm" data-testid="policy-blocks">
                <Table.Thead><Table.Tr><Table.Th>Sending domain</Table.Th><Table.Th>Account</Table.Th><Table.Th>Reason</Table.Th><Table.Th ta="right">Blocks</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>{d.data.policyBySender.map((p, i) => (
                  <Table.Tr key={i}><Table.Td>{p.sendingDomain ?? '—'}</Table.Td><Table.Td>{p.accountName ?? '—'}</Table.Td><Table.Td>{p.reason}</Table.Td><Table.Td ta="right">{p.count}</Table.Td></Table.Tr>
                ))}</Table.Tbody>
              </Table>
            )}
          </Paper>
        </SimpleGrid>
      )}
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="md">Bounces and complaints</Title>
        <SegmentedControl size="xs" value={cls} onChange={(v) => setCls(v as BounceClass | 'all')} aria-label="Bounce class"
          data={[{ value: 'all', label: 'All' }, ...(Object.keys(CLASS) as BounceClass[]).map((c) => ({ value: c, label: CLASS[c].label }))]} />
      </Group>
      <QueryState isPending={list.isPending} error={list.error} refetch={list.refetch} />
      <Table.ScrollContainer minWidth={900}>
        <Table fz="sm" striped data-testid="bounce-list">
          <Table.Thead><Table.Tr>{['When', 'Address', 'Class', 'Code', 'Reason', 'Remote server said', 'Campaign'].map((h) => <Table.Th key={h}>{h}</Table.Th>)}</Table.Tr></Table.Thead>
          <Table.Tbody>{rows.map((b) => (
            <Table.Tr key={b.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(b.occurredAt)}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{b.email}</Table.Td>
              <Table.Td style={{ minWidth: 130 }}><Badge variant="light" color={CLASS[b.class].color} styles={{ label: { color: 'var(--mantine-color-dark-9)' } }}>{CLASS[b.class].label}</Badge></Table.Td>
              <Table.Td>{b.statusCode ?? '—'}</Table.Td>
              <Table.Td>{b.reason}</Table.Td>
              <Table.Td><Text fz="xs" ff="monospace" lineClamp={3} maw={420} title={b.diagnostic ?? ''}>{b.diagnostic ?? '—'}</Text>{b.remoteMta && <Text fz="xs" c="gray.7">{b.remoteMta}</Text>}</Table.Td>
              <Table.Td>{b.campaignName ?? (b.source.startsWith('webhook') ? b.source.slice(8) : '—')}</Table.Td>
            </Table.Tr>))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {list.data && rows.length === 0 && <Text fz="sm" c="gray.7" mt="sm">No bounces.</Text>}
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
    </>
  );
}
