import { Alert, Badge, Group, Loader, SegmentedControl, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import type { Preview } from './api';

const WIDTH = { desktop: 680, phone: 375 } as const;

/** The rendered message in a sandboxed frame at desktop or phone width, and its plain-text part. */
export function TemplatePreview({ preview, loading, error }: { preview: Preview | undefined; loading: boolean; error: Error | null }) {
  const [device, setDevice] = useState<keyof typeof WIDTH>('desktop');
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <SegmentedControl aria-label="Preview width" value={device} onChange={(v) => setDevice(v as keyof typeof WIDTH)}
          data={[{ value: 'desktop', label: 'Desktop' }, { value: 'phone', label: 'Phone' }]} data-testid="preview-device" />
        <Group gap="xs">
          {loading && <Loader size="xs" aria-label="Rendering preview" />}
          {preview && <Badge variant="light" color={preview.sizeBytes > 100_000 ? 'red' : 'gray'}>{Math.ceil(preview.sizeBytes / 1024)} KB</Badge>}
        </Group>
      </Group>
      {error && <Alert color="red" data-testid="preview-error">{error.message}</Alert>}
      {preview && (
        <Tabs defaultValue="html">
          <Tabs.List>
            <Tabs.Tab value="html">HTML</Tabs.Tab>
            <Tabs.Tab value="text">Plain text</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="html" pt="xs">
            <Text fz="sm" mb={4}><b>Subject:</b> <span data-testid="preview-subject">{preview.subject}</span></Text>
            {/* A document of its own (the app's CSP would strip an email's styles); sandboxed: shown, never run */}
            <iframe title="Email preview" sandbox="" src={preview.url} data-testid="preview-frame"
              style={{ width: WIDTH[device], maxWidth: '100%', height: 640, border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, background: '#fff' }} />
          </Tabs.Panel>
          <Tabs.Panel value="text" pt="xs">
            <Text component="pre" fz="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="preview-text">{preview.text}</Text>
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
