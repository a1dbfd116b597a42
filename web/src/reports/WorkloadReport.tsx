import type { ReportFilters, Workload } from './api';
import { useReport } from './api';
import { Chart } from './Chart';
import { ReportFrame } from './ReportFrame';

export function WorkloadReport({ filters }: { filters: ReportFilters }) {
  const q = useReport<Workload>('workload', filters);
  const rows = q.data?.rows ?? [];
  return (
    <ReportFrame query={q} period={q.data} empty={!rows.length}>
      <Chart testId="chart-workload" height={Math.max(260, rows.length * 56 + 80)} option={{
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
        yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true },
        xAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: 'Open deals', type: 'bar', data: rows.map((r) => r.openDeals), itemStyle: { color: '#4c6ef5' }, label: { show: true, position: 'right' } },
          { name: 'Overdue tasks', type: 'bar', data: rows.map((r) => r.overdueTasks), itemStyle: { color: '#fa5252' }, label: { show: true, position: 'right' } },
          { name: 'Activities in period', type: 'bar', data: rows.map((r) => r.activities), itemStyle: { color: '#15aabf' }, label: { show: true, position: 'right' } },
        ],
      }} />
    </ReportFrame>
  );
}
