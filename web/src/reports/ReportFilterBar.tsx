import { Button, Group, Paper, Select, TextInput } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { usePermissions } from '../auth/api';
import { OwnerSelect } from '../components/OwnerSelect';
import type { Pipeline } from '../pipelines/api';
import type { ReportFilters } from './api';

/**
 * Pipeline, owner and period (from / to), plus the CSV download of the report shown. A date left
 * empty shows the report's default period (`inForce`, from the server), so the boxes never disagree with the chart.
 */
export function ReportFilterBar({ value, onChange, pipelines, pipelineRequired, csvUrl, dateError, inForce }: {
  value: ReportFilters;
  inForce?: { from: string; to: string };
  onChange: (f: ReportFilters) => void;
  pipelines: Pipeline[];
  pipelineRequired?: boolean;
  csvUrl: string;
  dateError?: string;
}) {
  const { can } = usePermissions();
  const set = (patch: Partial<ReportFilters>) => onChange({ ...value, ...patch });
  return (
    <Paper withBorder radius="md" p="sm" mb="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select label="Pipeline" placeholder="All pipelines" data={pipelines.map((p) => ({ value: String(p.id), label: p.name }))} clearable={!pipelineRequired}
          allowDeselect={!pipelineRequired} value={value.pipelineId ? String(value.pipelineId) : null} w={{ base: '100%', xs: 200 }}
          onChange={(v) => set({ pipelineId: v ? Number(v) : undefined })} data-testid="report-pipeline" />
        {can('users:read') && (
          <OwnerSelect label="Owner" placeholder="Everyone" value={value.ownerId ?? null} onChange={(id) => set({ ownerId: id ?? undefined })} testId="report-owner" />
        )}
        <TextInput label="From" type="date" value={value.from ?? inForce?.from ?? ''} onChange={(e) => set({ from: e.currentTarget.value || undefined })} w={{ base: '47%', xs: 160 }} data-testid="report-from" />
        <TextInput label="To" type="date" value={value.to ?? inForce?.to ?? ''} onChange={(e) => set({ to: e.currentTarget.value || undefined })} w={{ base: '47%', xs: 160 }}
          error={dateError} data-testid="report-to" />
        <Button component="a" href={csvUrl} download variant="default" leftSection={<IconDownload size={16} />} ml={{ sm: 'auto' }} data-testid="report-csv">
          Download CSV
        </Button>
      </Group>
    </Paper>
  );
}
