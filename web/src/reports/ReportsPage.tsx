import { Tabs } from '@mantine/core';
import { IconChartBar, IconChartFunnel, IconCoin, IconTrendingUp, IconUsers } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { PageHeader } from '../components/PageHeader';
import { usePipelines } from '../pipelines/api';
import { reportCsvUrl, type ReportFilters, type ReportKind } from './api';
import { ForecastReport } from './ForecastReport';
import { FunnelReport } from './FunnelReport';
import { PerformanceReport } from './PerformanceReport';
import { ProfitabilityReport } from './ProfitabilityReport';
import { ReportFilterBar } from './ReportFilterBar';
import { PeriodInForce } from './ReportFrame';
import { WorkloadReport } from './WorkloadReport';

const TABS: { value: ReportKind; label: string; icon: typeof IconChartBar }[] = [
  { value: 'forecast', label: 'Forecast', icon: IconTrendingUp },
  { value: 'funnel', label: 'Funnel', icon: IconChartFunnel },
  { value: 'sales-performance', label: 'Sales performance', icon: IconChartBar },
  { value: 'workload', label: 'Workload', icon: IconUsers },
  { value: 'profitability', label: 'Profitability', icon: IconCoin },
];

export function ReportsPage() {
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as { tab?: ReportKind };
  const tab = search.tab ?? 'forecast';
  const pipelines = usePipelines();
  const [filters, setFilters] = useState<ReportFilters>({});
  const [inForce, setInForce] = useState<{ from: string; to: string } | undefined>();
  const [groupBy, setGroupBy] = useState<'owner' | 'pipeline'>('owner');
  const list = pipelines.data ?? [];
  // The funnel is per pipeline: default to the first one.
  const effective: ReportFilters = tab === 'funnel' && !filters.pipelineId && list[0] ? { ...filters, pipelineId: list[0].id } : filters;
  const clean: ReportFilters = { ...effective, ...(effective.from && effective.to && effective.to < effective.from ? { to: undefined } : {}) };
  const extra = tab === 'sales-performance' ? { groupBy } : {};

  return (
    <>
      <PageHeader title="Reports" description="Forecast, funnel, performance, workload and profitability of your deals." />
      <Tabs value={tab} onChange={(v) => navigate({ to: '/reports', search: { tab: (v as ReportKind) === 'forecast' ? undefined : (v as ReportKind) }, replace: true })} keepMounted={false}>
        <Tabs.List mb="md" style={{ flexWrap: 'nowrap', overflowX: 'auto', overflowY: 'hidden' }}>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value} leftSection={<t.icon size={16} />} data-testid={`report-tab-${t.value}`} style={{ whiteSpace: 'nowrap' }}>{t.label}</Tabs.Tab>
          ))}
        </Tabs.List>
        <PeriodInForce.Provider value={setInForce}>
        <ReportFilterBar value={effective} inForce={inForce} onChange={setFilters} pipelines={list} pipelineRequired={tab === 'funnel'} csvUrl={reportCsvUrl(tab, clean, extra)}
          dateError={clean.to !== effective.to ? 'must not be before From' : undefined} />
        <Tabs.Panel value="forecast" data-testid="report-forecast"><ForecastReport filters={clean} /></Tabs.Panel>
        <Tabs.Panel value="funnel" data-testid="report-funnel"><FunnelReport filters={clean} /></Tabs.Panel>
        <Tabs.Panel value="sales-performance" data-testid="report-sales-performance"><PerformanceReport filters={clean} groupBy={groupBy} onGroupBy={setGroupBy} /></Tabs.Panel>
        <Tabs.Panel value="workload" data-testid="report-workload"><WorkloadReport filters={clean} /></Tabs.Panel>
        <Tabs.Panel value="profitability" data-testid="report-profitability"><ProfitabilityReport filters={clean} /></Tabs.Panel>
        </PeriodInForce.Provider>
      </Tabs>
    </>
  );
}
