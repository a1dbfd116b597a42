import { Alert, Paper, Radio, Select, Stack, Table, Text, Title } from '@mantine/core';
import type { DateFormat, ImportCheck, RepeatChoice } from './api';

const REPEAT_CHOICES: { value: RepeatChoice; label: string; description: string }[] = [
  { value: 'first', label: 'First row wins', description: 'Import the first row of each repeated value; skip the later ones.' },
  { value: 'last', label: 'Last row wins', description: 'Import the last row of each repeated value; skip the earlier ones.' },
  { value: 'skip', label: 'Skip all repeats', description: 'Import none of the rows whose value is repeated, so you can fix the file.' },
];

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** How one example reads in each order: "12-05-1990" → "12 May 1990" or "December 5, 1990". */
function readings(example: string) {
  const [a, b, y] = example.split(/[-/.]/).map(Number);
  return { DMY: `${a} ${MONTHS[b - 1] ?? '?'} ${y}`, MDY: `${MONTHS[a - 1] ?? '?'} ${b}, ${y}` };
}

export function DateFormatChoice({ examples, value, onChange, error }: { examples: string[]; value: DateFormat | null; onChange: (v: DateFormat) => void; error?: string }) {
  const example = examples[0] ?? '12-05-1990';
  const read = readings(example);
  return (
    <Select label="Date format in this file" data-testid="import-date-format" value={value} onChange={(v) => v && onChange(v as DateFormat)} error={error}
      description={`Dates such as ${examples.map((e) => `“${e}”`).join(', ') || `“${example}”`} could be read day-first or month-first.`}
      placeholder="Choose how the file writes dates" allowDeselect={false} maw={460}
      data={[
        { value: 'DMY', label: `Day first — ${example} is ${read.DMY}` },
        { value: 'MDY', label: `Month first — ${example} is ${read.MDY}` },
        { value: 'YMD', label: 'Year first — 1990-05-12' },
      ]} />
  );
}

/** Alert titles in the body's colour: yellow or red on their light fill is below 4.5:1. */
const READABLE_TITLE = { title: { color: 'var(--mantine-color-text)' } };

const rowList = (rows: number[]) => (rows.length > 6 ? `${rows.slice(0, 6).join(', ')}, …` : rows.join(', '));

/** What the whole file showed before it runs: repeats to settle, rows wider than the header, a break. */
export function ImportChoices({ check, onRepeat, setOnRepeat, error }: { check: ImportCheck; onRepeat: RepeatChoice | null; setOnRepeat: (v: RepeatChoice) => void; error?: string }) {
  const { repeats, wideRows } = check;
  return (
    <Stack gap="md" data-testid="import-choices">
      {repeats.count > 0 && (
        <Paper withBorder radius="md" p="md" data-testid="import-repeats">
          <Title order={3} fz="h5" mb={4}>{repeats.count === 1 ? `One ${repeats.field} is` : `${repeats.count} values of ${repeats.field} are`} on more than one row</Title>
          <Text fz="sm" c="dimmed" mb="sm">{repeats.rows} rows share them. Choose which row counts before the import runs; the others are listed as skipped.</Text>
          <Table.ScrollContainer minWidth={360} mb="sm" scrollAreaProps={{ viewportProps: { tabIndex: 0, 'aria-label': 'Repeated values and their rows' } }}>
            <Table verticalSpacing={4} fz="sm">
              <Table.Thead><Table.Tr><Table.Th>{repeats.field === 'email' ? 'Email' : 'Value'}</Table.Th><Table.Th>Rows</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {repeats.shown.slice(0, 10).map((r) => <Table.Tr key={r.value}><Table.Td>{r.value}</Table.Td><Table.Td>{rowList(r.rows)}</Table.Td></Table.Tr>)}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {repeats.count > 10 && <Text fz="xs" c="dimmed" mb="sm">and {repeats.count - 10} more</Text>}
          <Radio.Group label="Which row wins?" value={onRepeat} onChange={(v) => setOnRepeat(v as RepeatChoice)} error={error} data-testid="import-on-repeat">
            <Stack gap="xs" mt="xs">
              {REPEAT_CHOICES.map((c) => <Radio key={c.value} value={c.value} label={c.label} description={c.description} data-testid={`import-on-repeat-${c.value}`} />)}
            </Stack>
          </Radio.Group>
        </Paper>
      )}
      {wideRows.count > 0 && (
        <Alert color="yellow" title="Rows with more cells than columns" data-testid="import-wide-rows" styles={READABLE_TITLE}>
          {wideRows.count === 1 ? 'Row' : `${wideRows.count} rows, such as rows`} {rowList(wideRows.rows)} {wideRows.count === 1 ? 'has' : 'have'} cells past the last named column. Those cells will not be imported; the rows are saved with a warning.
        </Alert>
      )}
      {check.broken && <Alert color="red" title="The file breaks part-way" styles={READABLE_TITLE}>{check.broken}. The rows before the break will be imported.</Alert>}
    </Stack>
  );
}
