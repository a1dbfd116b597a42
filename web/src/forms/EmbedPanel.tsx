import { ActionIcon, Anchor, Button, Code, CopyButton, Group, Paper, ScrollArea, Stack, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCode, IconCopy, IconExternalLink } from '@tabler/icons-react';
import { QueryState } from '../components/QueryState';
import { useFormEmbed } from './api';

function Copy({ value, label, testId }: { value: string; label: string; testId: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button size="xs" variant="light" color={copied ? 'teal' : undefined} onClick={copy} data-testid={testId}
          leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}>
          {copied ? 'Copied' : label}
        </Button>
      )}
    </CopyButton>
  );
}

function Snippet({ code, testId }: { code: string; testId: string }) {
  return (
    <Stack gap="xs">
      {/* Focusable, so the code that overflows can be scrolled with the keyboard (axe: scrollable-region-focusable). */}
      <ScrollArea.Autosize mah={220} viewportProps={{ tabIndex: 0, role: 'region', 'aria-label': 'Snippet code' }}>
        <Code block fz="xs" data-testid={testId} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{code}</Code>
      </ScrollArea.Autosize>
      <Group justify="flex-end"><Copy value={code} label="Copy snippet" testId={`${testId}-copy`} /></Group>
    </Stack>
  );
}

/** The hosted link and the two ways to put the form on a site, each with a copy button. */
export function EmbedPanel({ formId }: { formId: number }) {
  const embed = useFormEmbed(formId);
  const e = embed.data;
  return (
    <Paper withBorder radius="md" p="md" data-testid="form-embed">
      <Group gap="xs" mb="sm"><IconCode size={18} /><Title order={4}>Embed</Title></Group>
      {!e ? <QueryState isPending={embed.isPending} error={embed.error} refetch={embed.refetch} /> : (
        <Stack gap="sm">
          <div>
            <Text fz="sm" fw={500}>Hosted page</Text>
            <Group gap="xs" wrap="nowrap">
              <Anchor href={e.hostedUrl} target="_blank" rel="noreferrer" fz="sm" truncate data-testid="form-hosted-url">{e.hostedUrl}</Anchor>
              <CopyButton value={e.hostedUrl}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? 'Copied' : 'Copy link'}>
                    <ActionIcon variant="subtle" color={copied ? 'teal' : undefined} onClick={copy} aria-label="Copy link" data-testid="form-hosted-url-copy">
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
              <ActionIcon component="a" href={e.hostedUrl} target="_blank" rel="noreferrer" variant="subtle" aria-label="Open hosted page">
                <IconExternalLink size={16} />
              </ActionIcon>
            </Group>
          </div>
          <Tabs defaultValue="html" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="html" data-testid="form-embed-html-tab">HTML form</Tabs.Tab>
              <Tabs.Tab value="script" data-testid="form-embed-script-tab">Script</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="html" pt="xs">
              <Text fz="xs" c="dimmed" mb="xs">A plain form: works without JavaScript; the visitor lands on Rapport’s thank-you page or your redirect URL.</Text>
              <Snippet code={e.html} testId="form-embed-html" />
            </Tabs.Panel>
            <Tabs.Panel value="script" pt="xs">
              <Text fz="xs" c="dimmed" mb="xs">Draws the form where the tag is and submits it in place, keeping the visitor on your page.</Text>
              <Snippet code={e.script} testId="form-embed-script" />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Paper>
  );
}
