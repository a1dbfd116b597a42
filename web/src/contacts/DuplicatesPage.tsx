import { Badge, Button, Card, EmptyState, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconArrowMerge, IconCopyCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { AnchorLink } from '../components/links';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatDate } from '../lib/format';
import { useDuplicateCandidates, type Contact, type DuplicateCandidate } from './api';
import { MergeModal } from './MergeModal';

function ContactSummary({ c }: { c: Contact }) {
  return (
    <Stack gap={2}>
      <AnchorLink to="/contacts/$id" params={{ id: String(c.id) }} fz="sm" fw={500}>{c.fullName || c.email || 'Unnamed contact'}</AnchorLink>
      <Text fz="sm">{[c.email, c.phone, c.company?.name].filter(Boolean).join(' · ') || '—'}</Text>
      <Text fz="xs" c="gray.7">created {formatDate(c.createdAt)}</Text>
    </Stack>
  );
}

function CandidateCard({ candidate, onReview }: { candidate: DuplicateCandidate; onReview: () => void }) {
  const score = Math.round(candidate.score * 100);
  return (
    <Card withBorder radius="md" padding="md" data-testid="duplicate-candidate">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="xs">
          <Badge color={score >= 90 ? 'red' : score >= 70 ? 'orange' : 'yellow'} variant="light" data-testid="candidate-score">{score}% likely</Badge>
          {candidate.reasons.map((r) => <Text key={r.code} fz="sm" data-testid="candidate-reason">{r.text}</Text>)}
        </Group>
        <Button size="xs" leftSection={<IconArrowMerge size={14} />} onClick={onReview} data-testid="merge-button">Review and merge</Button>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <ContactSummary c={candidate.contacts[0]} />
        <ContactSummary c={candidate.contacts[1]} />
      </SimpleGrid>
    </Card>
  );
}

export function DuplicatesPage() {
  const dups = useDuplicateCandidates();
  const candidates = dups.data?.data ?? [];
  const [reviewing, setReviewing] = useState<[Contact, Contact] | null>(null);
  return (
    <>
      <PageHeader title="Duplicates" description="Likely duplicate contacts, most likely first: the same email or phone, the same name and company, or similar names." />
      <QueryState isPending={dups.isPending} error={dups.error} refetch={dups.refetch} />
      {dups.data && !candidates.length && (
        <EmptyState icon={<IconCopyCheck size={28} />} variant="light" title="No duplicates found" description="No two contacts share an email, a phone or a similar name." />
      )}
      <Stack gap="md">
        {candidates.map((c) => <CandidateCard key={`${c.contacts[0].id}:${c.contacts[1].id}`} candidate={c} onReview={() => setReviewing(c.contacts)} />)}
      </Stack>
      {reviewing && <MergeModal pair={reviewing} onClose={() => setReviewing(null)} />}
    </>
  );
}
