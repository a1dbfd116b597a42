import { Alert, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { Dropzone, MIME_TYPES } from '@mantine/dropzone';
import { IconFileSpreadsheet, IconUpload, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { usePermissions } from '../auth/api';
import { useUploadImport, type ImportJob, type ImportKind } from './api';

const KINDS: { value: ImportKind; label: string }[] = [
  { value: 'contacts', label: 'Contacts' },
  { value: 'companies', label: 'Companies' },
  { value: 'deals', label: 'Deals' },
];
/** Offered only to whom may write orders (the server refuses the kind otherwise). */
const ORDERS_KIND = { value: 'orders' as const, label: 'Orders' };

export function UploadStep({ onUploaded }: { onUploaded: (job: ImportJob) => void }) {
  const upload = useUploadImport();
  const [kind, setKind] = useState<ImportKind>('contacts');
  const { can } = usePermissions();
  const kinds = can('orders:write') ? [...KINDS, ORDERS_KIND] : KINDS;
  return (
    <Stack>
      <div>
        <Text fz="sm" fw={500} mb={4} id="import-kind-label">What do the rows hold?</Text>
        <SegmentedControl data={kinds} value={kind} onChange={(v) => setKind(v as ImportKind)} data-testid="import-kind" aria-labelledby="import-kind-label" />
      </div>
      <Dropzone
        onDrop={(files) => files[0] && upload.mutate({ file: files[0], kind }, { onSuccess: onUploaded })}
        onReject={() => upload.reset()}
        // MIME type → extensions (react-dropzone's form): a bare '.csv' in a list is logged as an invalid MIME type.
        accept={{ [MIME_TYPES.csv]: ['.csv'], 'text/plain': ['.csv', '.txt'], 'application/vnd.ms-excel': ['.csv'] }}
        maxFiles={1}
        multiple={false}
        loading={upload.isPending}
        data-testid="import-dropzone"
        inputProps={{ 'data-testid': 'import-file-input', 'aria-label': 'CSV file' } as React.InputHTMLAttributes<HTMLInputElement>}
      >
        <Group justify="center" gap="xl" mih={180} style={{ pointerEvents: 'none' }}>
          <Dropzone.Accept><IconUpload size={48} color="var(--mantine-color-indigo-6)" stroke={1.5} /></Dropzone.Accept>
          <Dropzone.Reject><IconX size={48} color="var(--mantine-color-red-6)" stroke={1.5} /></Dropzone.Reject>
          <Dropzone.Idle><IconFileSpreadsheet size={48} color="var(--mantine-color-dimmed)" stroke={1.5} /></Dropzone.Idle>
          <div style={{ textAlign: 'center' }}>
            <Text size="lg" inline>Drag a CSV file here or click to choose</Text>
            <Text size="sm" c="dimmed" inline mt={7} display="block">
              The first row must hold the column names. UTF-8, comma or semicolon separated.
            </Text>
          </div>
        </Group>
      </Dropzone>
      {upload.error && <Alert color="red" title="Upload failed">{upload.error.message}</Alert>}
    </Stack>
  );
}
