import { Alert, Button, Checkbox, Group, Paper, Radio, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { ApiError } from '../lib/http';
import { useCustomFields } from '../settings/api';
import { useStartImport, type ImportJob, type ImportMode } from './api';
import { emptySubscribe, ImportSubscribe, subscribeBody } from './ImportSubscribe';
import { CONTACT_TARGETS, SKIP } from './mapping';

const MODES: { value: ImportMode; label: string; description: string }[] = [
  { value: 'create', label: 'Create only', description: 'Every row becomes a new contact.' },
  { value: 'update', label: 'Update only', description: 'Rows update existing contacts matched by email; others are skipped.' },
  { value: 'upsert', label: 'Create or update by email', description: 'Update when the email exists, create otherwise.' },
];

export function MappingStep({ job, onStarted }: { job: ImportJob; onStarted: (job: ImportJob) => void }) {
  const fields = useCustomFields('contact');
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [mode, setMode] = useState<ImportMode>('upsert');
  const [dryRun, setDryRun] = useState(false);
  const [subscribe, setSubscribe] = useState(emptySubscribe);
  const start = useStartImport(job.id);
  const errors = start.error instanceof ApiError ? start.error.fieldErrors() : {};

  useEffect(() => {
    if (mapping || !fields.data) return;
    // The server suggests the mapping (one list of header aliases, in import-mapping.ts).
    const server = job.suggestedMapping ?? {};
    setMapping(Object.fromEntries(job.headers.map((h) => [h, server[h] || SKIP])));
  }, [fields.data, job.headers, job.suggestedMapping, mapping]);

  const options = [
    { group: 'Do not import', items: [{ value: SKIP, label: 'Skip this column' }] },
    { group: 'Contact', items: CONTACT_TARGETS },
    ...(fields.data?.length ? [{ group: 'Custom fields', items: fields.data.map((f) => ({ value: `custom.${f.key}`, label: f.label })) }] : []),
  ];
  const current = mapping ?? {};
  const chosen = Object.values(current).filter((v) => v !== SKIP);
  const duplicates = chosen.filter((v, i) => chosen.indexOf(v) !== i);

  const submit = () => {
    const clean = Object.fromEntries(Object.entries(current).filter(([, v]) => v !== SKIP));
    start.mutate({ mapping: clean, mode, dryRun, subscribe: subscribeBody(subscribe) }, { onSuccess: (j) => onStarted(j && 'id' in j ? j : { ...job, status: 'queued' }) });
  };

  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md">
        <Title order={3} fz="h5" mb={4}>Map columns</Title>
        <Text fz="sm" c="dimmed" mb="md">{job.filename} · {job.headers.length} columns. We guessed from the column names — check before starting.</Text>
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing="xs" data-testid="mapping-table">
            <Table.Thead><Table.Tr><Table.Th>CSV column</Table.Th><Table.Th>Sample</Table.Th><Table.Th w={260}>Import as</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {job.headers.map((h, i) => (
                <Table.Tr key={h + i}>
                  <Table.Td><Text fz="sm" fw={500}>{h}</Text></Table.Td>
                  <Table.Td><Text fz="xs" c="dimmed" lineClamp={2}>{job.sample.slice(0, 3).map((r) => r[i]).filter(Boolean).join(', ') || '—'}</Text></Table.Td>
                  <Table.Td>
                    <Select size="xs" data={options} value={current[h] ?? SKIP} allowDeselect={false} searchable aria-label={`Map ${h}`}
                      data-testid={`mapping-${h}`} error={duplicates.includes(current[h]) ? 'Used twice' : undefined}
                      onChange={(v) => setMapping({ ...current, [h]: v ?? SKIP })} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Radio.Group label="Mode" value={mode} onChange={(v) => setMode(v as ImportMode)} data-testid="import-mode">
          <Stack gap="xs" mt="xs">
            {MODES.map((m) => <Radio key={m.value} value={m.value} label={m.label} description={m.description} data-testid={`import-mode-${m.value}`} />)}
          </Stack>
        </Radio.Group>
        <Checkbox mt="md" label="Dry run — validate every row without saving anything" checked={dryRun}
          onChange={(e) => setDryRun(e.currentTarget.checked)} data-testid="import-dry-run" />
      </Paper>
      <ImportSubscribe value={subscribe} onChange={(v) => { setSubscribe(v); if (start.error) start.reset(); }} errors={errors} />
      {(mode !== 'create') && !chosen.includes('email') && <Alert color="yellow">Map an Email column to match existing contacts.</Alert>}
      {start.error && !Object.keys(errors).some((k) => k.startsWith('subscribe')) && <Alert color="red">{start.error.message}</Alert>}
      <Group justify="flex-end">
        <Button leftSection={<IconPlayerPlay size={16} />} onClick={submit} loading={start.isPending}
          disabled={!chosen.length || duplicates.length > 0} data-testid="start-import">
          {dryRun ? 'Start dry run' : 'Start import'}
        </Button>
      </Group>
    </Stack>
  );
}
