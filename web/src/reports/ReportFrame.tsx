import { Paper, SegmentedControl, Group, Text } from '@mantine/core';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { QueryState } from '../components/QueryState';
import { formatDate } from '../lib/format';

/** Where a report tells the page the period the server applied, so From / To show it when left empty. */
export const PeriodInForce = createContext<(period: { from: string; to: string }) => void>(() => undefined);

/** Loading / error / empty states around a report, with its period and an optional currency switch. */
export function ReportFrame({ query, period, empty, currencies, currency, onCurrency, children }: {
  query: { isPending: boolean; error: Error | null; refetch: () => unknown };
  period?: { from: string; to: string };
  empty: boolean;
  currencies?: string[];
  currency?: string;
  onCurrency?: (c: string) => void;
  children: ReactNode;
}) {
  const report = useContext(PeriodInForce);
  const [from, to] = [period?.from, period?.to];
  useEffect(() => {
    if (from && to) report({ from, to });
  }, [from, to, report]);
  if (query.isPending || query.error) return <QueryState isPending={query.isPending} error={query.error} refetch={query.refetch} />;
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm" gap="xs">
        {period && <Text fz="sm" c="dimmed" data-testid="report-period">{formatDate(period.from)} – {formatDate(period.to)}</Text>}
        {currencies && currencies.length > 1 && currency && onCurrency && (
          <SegmentedControl size="xs" data={currencies} value={currency} onChange={onCurrency} data-testid="report-currency" />
        )}
      </Group>
      {empty ? <Text c="dimmed" ta="center" py="xl" data-testid="report-empty">No data for this period and these filters.</Text> : children}
    </Paper>
  );
}
