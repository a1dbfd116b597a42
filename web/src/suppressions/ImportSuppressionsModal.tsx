import { Button, FileInput, Group, Modal, ScrollArea, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconFileSpreadsheet } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useImportSuppressions, type SuppressionImportResult } from './api';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';

function ImportResult({ result }: { result: SuppressionImportResult }) {
  return (
    <Stack gap="sm" data-testid="suppression-import-result">
      <SimpleGrid cols={3} spacing="xs">
        {([['added', 'Added'], ['skipped', 'Already suppressed'], ['errors', 'Rejected']] as const).map(([k, label]) => (
          <Stack key={k} gap={0}>
            <Text fz="xl" fw={700} data-testid={`suppression-import-${k}`}>{k === 'errors' ? result.errors.length : result[k]}</Text>
            <Text fz="xs" c="dimmed">{label}</Text>
          </Stack>
        ))}
      </SimpleGrid>
      {result.errors.length > 0 && (
        <ScrollArea.Autosize mah={260}>
          <Table fz="sm" verticalSpacing={4} striped data-testid="suppression-import-errors">
            <Table.Thead><Table.Tr><Table.Th>Row</Table.Th><Table.Th>Column</Table.Th><Table.Th>Problem</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {result.errors.map((e, i) => (
                <Table.Tr key={i}><Table.Td>{e.row}</Table.Td><Table.Td>{e.field}</Table.Td><Table.Td>{e.message}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}

/** Uploads a CSV with an `email` column (and optional `reason`) and shows what was added and which rows were refused. */
export function ImportSuppressionsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const upload = useImportSuppressions();
  const close = () => { setFile(null); upload.reset(); onClose(); };
  const submit = (e: FormEvent) => { e.preventDefault(); if (file) upload.mutate(file); };
  return (
    <Modal opened={opened} onClose={close} title="Import suppressions" size="lg">
      {upload.data ? (
        <Stack>
          <ImportResult result={upload.data} />
          <Group justify="flex-end"><Button onClick={close} data-testid="suppression-import-done">Done</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <Text fz="sm">
              A CSV file whose first row names the columns: <b>email</b> (required) and <b>reason</b> (optional: unsubscribed, hard_bounce,
              complaint, manual or imported). Addresses already suppressed are skipped.
            </Text>
            <FileInput label="CSV file" placeholder="Choose a file" accept=".csv,text/csv,text/plain" value={file} onChange={setFile} clearable
              leftSection={<IconFileSpreadsheet size={16} />} data-testid="suppression-import-file" />
            <FormErrorAlert errors={formErrors(upload.error, [])} mt={0} />
          </Stack>
          <Group justify="flex-end" mt="lg">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button type="submit" disabled={!file} loading={upload.isPending} data-testid="suppression-import-submit">Import</Button>
          </Group>
        </form>
      )}
    </Modal>
  );
}
