import { Button, Code, CopyButton, Group, Paper, Stack, Text } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { embedSnippet } from './api';

/** The one tag a site pastes before </body>, with a button that copies it. */
export function EmbedSnippet({ widgetKey }: { widgetKey: string }) {
  const snippet = embedSnippet(window.location.origin, widgetKey);
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="xs">
        <Text fw={600}>Embed code</Text>
        <Text fz="sm" c="dimmed">Paste this before the closing &lt;/body&gt; tag of every page that should show the chat. Add the site to the allowed origins first.</Text>
        <Code block data-testid="widget-snippet" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{snippet}</Code>
        <Group justify="flex-end">
          <CopyButton value={snippet}>
            {({ copied, copy }) => (
              <Button variant="light" color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy} data-testid="widget-copy">
                {copied ? 'Copied' : 'Copy code'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Paper>
  );
}
