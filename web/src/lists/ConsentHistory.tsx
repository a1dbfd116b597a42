import { Badge, Button, Group, Spoiler, Stack, Text, Timeline } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { LoadMore } from '../components/LoadMore';
import { formatDateTime } from '../lib/format';
import { consentsCsvUrl, type ConsentEvent } from './api';
import { CONSENT_COLOR, LAWFUL_BASES, SOURCE_LABEL } from './consentLabels';

const basisLabel = (b: string) => LAWFUL_BASES.find((l) => l.value === b)?.label ?? b;
/** Who acted, for a person or an API key ("user:ann@example.com", "api_key:Zapier"); public pages act as the contact, and the source already says which page. */
const who = (label: string | null | undefined) =>
  label?.startsWith('user:') ? label.slice(5) : label?.startsWith('api_key:') ? `API key “${label.slice(8)}”` : null;

/** A labelled detail line; long free text folds behind "Show more". */
function Detail({ label, children, testId }: { label: string; children: string; testId?: string }) {
  return (
    <Spoiler maxHeight={38} showLabel="Show more" hideLabel="Show less" fz="xs">
      <Text fz="xs" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid={testId}>
        <Text span fz="xs" c="dimmed">{label}: </Text>{children}
      </Text>
    </Spoiler>
  );
}

/** The consent ledger, newest first: what happened, through which channel, who did it and the proof kept (GDPR Art. 7(1)). */
export function ConsentHistory({ contactId, events, listName, pages }: {
  contactId: number;
  events: ConsentEvent[];
  listName: (id: number | null) => string;
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  return (
    <div>
      <Group justify="space-between" mb="xs">
        <Text fz="sm" fw={600}>History</Text>
        <Button component="a" href={consentsCsvUrl(contactId)} download={`consent-history-${contactId}.csv`} size="compact-xs" variant="default"
          leftSection={<IconDownload size={14} />} data-testid="consent-export">Export CSV</Button>
      </Group>
      <Timeline bulletSize={12} lineWidth={2} data-testid="consent-ledger">
        {events.map((e) => (
          <Timeline.Item key={e.id} color={CONSENT_COLOR[e.status]} data-testid="consent-event"
            title={
              <Group gap={6} wrap="wrap">
                <Badge size="sm" variant="light" color={CONSENT_COLOR[e.status]}>{e.status}</Badge>
                <Text fz="sm" fw={500}>{listName(e.listId)}</Text>
              </Group>
            }>
            <Stack gap={2}>
              <Text fz="xs" c="dimmed" data-testid="consent-source">
                {formatDateTime(e.recordedAt)} · {SOURCE_LABEL[e.source] ?? e.source}
                {e.formId != null ? ` #${e.formId}` : ''}{who(e.actorLabel) ? ` · by ${who(e.actorLabel)}` : ''}{e.ip ? ` · ${e.ip}` : ''}
              </Text>
              {e.lawfulBasis && <Text fz="xs"><Text span fz="xs" c="dimmed">Lawful basis: </Text>{basisLabel(e.lawfulBasis)}</Text>}
              {e.proof && <Detail label="Proof" testId="consent-proof-text">{e.proof}</Detail>}
              {e.textShown && <Detail label="Text shown">{`“${e.textShown}”`}</Detail>}
              {e.userAgent && <Detail label="Browser">{e.userAgent}</Detail>}
            </Stack>
          </Timeline.Item>
        ))}
      </Timeline>
      <LoadMore {...pages} testId="consent-load-more" />
    </div>
  );
}
