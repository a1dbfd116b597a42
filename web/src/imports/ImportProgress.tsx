import { Alert, Badge, Button, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { QueryState } from '../components/QueryState';
import { formatDateTime } from '../lib/format';
import { errorsCsvUrl, isActive, useImport, type ImportStatus } from './api';

export const STATUS_COLOR: Record<ImportStatus, string> = {
  uploaded: 'gray', queued: 'blue', running: 'indigo', completed: 'teal', failed: 'red',
};

/** Light badges with the body's text colour: white or tinted text on these fills is below 4.5:1. */
export const READABLE_BADGE = { variant: 'light', styles: { label: { color: 'var(--mantine-color-text)' } } } as const;

function Stat({ label, value, color, testId }: { label: string; value: number; color?: string; testId: string }) {
  return (
    <Paper withBorder radius="md" p="sm">
      <Text fz="xs" c="dimmed" tt="uppercase" fw={700}>{label}</Text>
      <Text fz="xl" fw={700} c={color} data-testid={testId}>{value}</Text>
    </Paper>
  );
}

/** Live progress of one import, polling while queued/running, then its first errors. */
export function ImportProgress({ id }: { id: number }) {
  const q = useImport(id);
  const job = q.data;
  if (!job) return <QueryState isPending={q.isPending} error={q.error} refetch={q.refetch} />;
  const total = job.totalRows ?? 0;
  // While running the total is unknown; the server estimates progress from bytes read.
  const pct = job.status === 'completed' ? 100 : total ? Math.min(100, Math.round((job.processed / total) * 100)) : Math.round((job.progress ?? 0) * 100);
  const active = isActive(job.status);

  return (
    <Stack gap="md" data-testid="import-progress" data-status={job.status}>
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb="sm">
          <div>
            <Title order={3} fz="h5">{job.filename}</Title>
            <Text fz="xs" c="dimmed">{job.dryRun ? 'Dry run · ' : ''}{job.kind ?? 'contacts'} · mode {job.mode} · started {formatDateTime(job.createdAt)}</Text>
          </div>
          <Badge size="lg" color={STATUS_COLOR[job.status]} {...READABLE_BADGE} data-testid="import-status">{job.status}</Badge>
        </Group>
        <Progress value={pct} size="lg" radius="xl" animated={active} striped={active} color={job.status === 'failed' ? 'red' : undefined}
          data-testid="import-progress-bar" aria-label="Import progress" />
        <Text fz="sm" c="dimmed" mt={6} data-testid="import-processed">
          {job.processed} of {job.totalRows ?? '?'} rows processed{job.finishedAt ? ` · finished ${formatDateTime(job.finishedAt)}` : ''}
        </Text>
      </Paper>
      <SimpleGrid cols={{ base: 3, sm: 5 }} spacing="sm">
        <Stat label={job.dryRun ? 'Would create' : 'Created'} value={job.created} color="teal" testId="import-created" />
        <Stat label={job.dryRun ? 'Would update' : 'Updated'} value={job.updated} color="indigo" testId="import-updated" />
        <Stat label="Failed" value={job.failed} color={job.failed ? 'red' : undefined} testId="import-failed" />
        <Stat label="Skipped repeats" value={job.skipped ?? 0} testId="import-skipped" />
        <Stat label="Warnings" value={job.warned ?? 0} color={job.warned ? 'orange.9' : undefined} testId="import-warned" />
      </SimpleGrid>
      {job.status === 'failed' && (
        <Alert color="red" title="The import failed" data-testid="import-error-message">{job.errorMessage || 'Check the file and try again.'}</Alert>
      )}
      {job.errors.length > 0 && (
        <Paper withBorder radius="md" p="md">
          <Group justify="space-between" mb="sm">
            <Title order={3} fz="h5">Row errors and warnings{job.errors.length >= 100 ? ' (first 100)' : ''}</Title>
            <Button component="a" href={errorsCsvUrl(job.id)} download variant="default" size="xs" leftSection={<IconDownload size={14} />}
              data-testid="import-errors-csv">Download errors CSV</Button>
          </Group>
          {/* Focusable, so a keyboard can scroll it sideways on a phone */}
          <Table.ScrollContainer minWidth={640} scrollAreaProps={{ viewportProps: { tabIndex: 0, 'aria-label': 'Row errors and warnings' } }}>
            <Table striped verticalSpacing="xs" data-testid="import-errors">
              <Table.Thead><Table.Tr><Table.Th w={70}>Row</Table.Th><Table.Th w={100}>Kind</Table.Th><Table.Th w={140}>Field</Table.Th><Table.Th>Message</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {job.errors.map((e, i) => (
                  <Table.Tr key={i} data-level={e.level ?? 'error'}>
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td><Badge color={e.level === 'warning' ? 'orange' : 'red'} {...READABLE_BADGE}>{e.level === 'warning' ? 'warning' : 'error'}</Badge></Table.Td>
                    <Table.Td>{e.field ?? '—'}</Table.Td><Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
