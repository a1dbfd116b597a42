import { Alert, Group, Stack, Text } from '@mantine/core';
import { Dropzone, MIME_TYPES } from '@mantine/dropzone';
import { IconFileSpreadsheet, IconUpload, IconX } from '@tabler/icons-react';
import { useUploadImport, type ImportJob } from './api';

export function UploadStep({ onUploaded }: { onUploaded: (job: ImportJob) => void }) {
  const upload = useUploadImport();
  return (
    <Stack>
      <Dropzone
        onDrop={(files) => files[0] && upload.mutate(files[0], { onSuccess: onUploaded })}
        onReject={() => upload.reset()}
        accept={[MIME_TYPES.csv, 'text/plain', 'application/vnd.ms-excel', '.csv']}
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
