import { Alert, Button, Checkbox, Group, Paper, Radio, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { useCustomFields } from '../settings/api';
import { useCheckImport, useStartImport, type DateFormat, type ImportCheck, type ImportJob, type ImportMode, type RepeatChoice } from './api';
import { DateFormatChoice, ImportChoices } from './ImportChoices';
import { emptySubscribe, ImportSubscribe, subscribeBody } from './ImportSubscribe';
import { DATE_TARGETS, IMPORT_TARGETS, KIND_LABELS, SKIP } from './mapping';

const modesFor = (job: ImportJob): { value: ImportMode; label: string; description: string }[] => {
  const { one, many } = KIND_LABELS[job.kind];
  if (job.kind === 'deals') return [{ value: 'create', label: 'Create', description: 'Every row becomes a new deal.' }];
  if (job.kind === 'orders') return [{ value: 'upsert', label: 'Create or update by order ID', description: 'An order\'s adjacent rows are its lines; an order already here is replaced by the file\'s version.' }];
  const key = job.kind === 'contacts' ? 'email' : 'domain, else name';
  return [
    { value: 'create', label: 'Create only', description: `Every row becomes a new ${one}.` },
    { value: 'update', label: 'Update only', description: `Rows update existing ${many} matched by ${key}; others are skipped.` },
    { value: 'upsert', label: `Create or update by ${key}`, description: `Update when the ${one} exists, create otherwise.` },
  ];
};

export function MappingStep({ job, onStarted }: { job: ImportJob; onStarted: (job: ImportJob) => void }) {
  const entity = KIND_LABELS[job.kind].entity;
  const customFields = useCustomFields(entity ?? 'contact', entity !== null);
  const fields = entity ? customFields : { data: [] };
  const [mapping, setMapping] = useState<Record<string, string> | null>(null);
  const [mode, setMode] = useState<ImportMode>(modesFor(job).at(-1)!.value);
  const [dryRun, setDryRun] = useState(false);
  const [subscribe, setSubscribe] = useState(emptySubscribe);
  const [onRepeat, setOnRepeat] = useState<RepeatChoice | null>(null);
  const [dateFormat, setDateFormat] = useState<DateFormat | null>(null);
  const [checked, setChecked] = useState<{ key: string; result: ImportCheck } | null>(null);
  const start = useStartImport(job.id);
  const check = useCheckImport(job.id);
  const failure = start.error ?? check.error;
  // Field errors beside their inputs (each mapping select, the date format, the repeat choice,
  // the subscription); what no input shows goes in the alert above the button.
  const form = formErrors(failure, [...job.headers.map((h) => `mapping.${h}`), 'dateFormat', 'onRepeat', ...(job.kind === 'contacts' ? ['subscribe'] : [])]);
  const errors = form.byPath;

  useEffect(() => {
    if (mapping || !fields.data) return;
    // The server suggests the mapping (one list of header aliases, in import-mapping.ts).
    const server = job.suggestedMapping ?? {};
    setMapping(Object.fromEntries(job.headers.map((h) => [h, server[h] || SKIP])));
  }, [fields.data, job.headers, job.suggestedMapping, mapping]);

  const options = [
    { group: 'Do not import', items: [{ value: SKIP, label: 'Skip this column' }] },
    { group: KIND_LABELS[job.kind].many.replace(/^./, (c) => c.toUpperCase()), items: IMPORT_TARGETS[job.kind] },
    ...(fields.data?.length ? [{ group: 'Custom fields', items: fields.data.map((f) => ({ value: `custom.${f.key}`, label: f.label })) }] : []),
  ];
  const current = mapping ?? {};
  const chosen = Object.values(current).filter((v) => v !== SKIP);
  const duplicates = chosen.filter((v, i) => chosen.indexOf(v) !== i);
  const clean = Object.fromEntries(Object.entries(current).filter(([, v]) => v !== SKIP));
  const checkKey = JSON.stringify([clean, mode]);
  const scan = checked?.key === checkKey ? checked.result : null;

  // Dates the sample already shows could be read either way; the whole-file check may add more.
  const dateFields = new Set([...DATE_TARGETS, ...(fields.data ?? []).filter((f) => f.type === 'date').map((f) => `custom.${f.key}`)]);
  const openSample = Object.entries(clean).filter(([h, f]) => dateFields.has(f) && job.sampleDateFormats?.[h]?.ambiguous).flatMap(([h]) => job.sampleDateFormats![h].examples);
  const askDate = openSample.length > 0 || !!scan?.dates.ambiguous;
  const dateExamples = scan?.dates.examples.length ? scan.dates.examples : openSample;

  const run = () => start.mutate(
    { mapping: clean, mode, dryRun, subscribe: subscribeBody(subscribe), onRepeat: onRepeat ?? undefined, dateFormat: dateFormat ?? undefined },
    { onSuccess: (j) => onStarted(j && 'id' in j ? j : { ...job, status: 'queued' }) },
  );
  const submit = () => {
    if (scan) return run();
    // The whole file is read first: the import runs at once unless it raises a question.
    check.mutate({ mapping: clean, mode }, {
      onSuccess: (result) => {
        setChecked({ key: checkKey, result });
        if (!(result.repeats.count > 0 && !onRepeat) && !(result.dates.ambiguous && !dateFormat)) run();
      },
    });
  };
  const unanswered = (scan && scan.repeats.count > 0 && !onRepeat) || (askDate && !dateFormat);

  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md">
        <Title order={3} fz="h5" mb={4}>Map columns</Title>
        <Text fz="sm" c="dimmed" mb="md">{job.filename} · {job.headers.length} columns · importing {KIND_LABELS[job.kind].many}. We guessed from the column names — check before starting.</Text>
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
                      data-testid={`mapping-${h}`} error={duplicates.includes(current[h]) ? 'Used twice' : form.field(`mapping.${h}`)}
                      onChange={(v) => setMapping({ ...current, [h]: v ?? SKIP })} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {askDate && (
          <Stack mt="md"><DateFormatChoice examples={dateExamples} value={dateFormat} onChange={setDateFormat} error={errors.dateFormat} /></Stack>
        )}
      </Paper>
      <Paper withBorder radius="md" p="md">
        <Radio.Group label="Mode" value={mode} onChange={(v) => setMode(v as ImportMode)} data-testid="import-mode">
          <Stack gap="xs" mt="xs">
            {modesFor(job).map((m) => <Radio key={m.value} value={m.value} label={m.label} description={m.description} data-testid={`import-mode-${m.value}`} />)}
          </Stack>
        </Radio.Group>
        <Checkbox mt="md" label="Dry run — validate every row without saving anything" checked={dryRun}
          onChange={(e) => setDryRun(e.currentTarget.checked)} data-testid="import-dry-run" />
      </Paper>
      {job.kind === 'contacts' && <ImportSubscribe value={subscribe} onChange={(v) => { setSubscribe(v); if (start.error) start.reset(); }} errors={errors} />}
      {scan && <ImportChoices check={scan} onRepeat={onRepeat} setOnRepeat={setOnRepeat} error={errors.onRepeat} />}
      {job.kind === 'contacts' && mode !== 'create' && !chosen.includes('email') && <Alert color="yellow">Map an Email column to match existing contacts.</Alert>}
      <FormErrorAlert errors={form} mt={0} />
      <Group justify="flex-end">
        <Button leftSection={<IconPlayerPlay size={16} />} onClick={submit} loading={start.isPending || check.isPending}
          disabled={!chosen.length || duplicates.length > 0 || !!unanswered} data-testid="start-import">
          {dryRun ? 'Start dry run' : 'Start import'}
        </Button>
      </Group>
    </Stack>
  );
}
