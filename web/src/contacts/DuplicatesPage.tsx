import { Badge, Button, Card, EmptyState, Group, Radio, Stack, Text } from '@mantine/core';
import { IconArrowMerge, IconCopyCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { AnchorLink } from '../components/links';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatDate } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { useDuplicates, useMergeContacts, type DuplicateGroup } from './api';

function GroupCard({ group }: { group: DuplicateGroup }) {
  const [survivor, setSurvivor] = useState(String(group.contacts[0]?.id ?? ''));
  const merge = useMergeContacts();
  const [busy, setBusy] = useState(false);

  const onMerge = async () => {
    setBusy(true);
    try {
      // One merge per duplicate, sequentially: each call folds a duplicate into the survivor.
      for (const c of group.contacts) {
        if (String(c.id) !== survivor) await merge.mutateAsync({ survivorId: Number(survivor), duplicateId: c.id });
      }
      notifySuccess(`Merged ${group.contacts.length - 1} duplicate${group.contacts.length > 2 ? 's' : ''}`);
    } catch {
      /* the mutation cache already showed the error */
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder radius="md" padding="md" data-testid="duplicate-group">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="xs">
          <Badge color={group.reason === 'email' ? 'indigo' : 'grape'}>Same {group.reason}</Badge>
          <Text fw={500} fz="sm">{group.key}</Text>
        </Group>
        <Button size="xs" leftSection={<IconArrowMerge size={14} />} loading={busy} onClick={onMerge} data-testid="merge-button">
          Merge into selected
        </Button>
      </Group>
      <Text fz="xs" c="dimmed" mb="xs">Pick the record to keep. The others are merged into it and deleted.</Text>
      <Radio.Group value={survivor} onChange={setSurvivor} aria-label="Survivor">
        <Stack gap="xs">
          {group.contacts.map((c) => (
            <Radio key={c.id} value={String(c.id)} data-testid="survivor-radio"
              label={
                <Group gap="xs" wrap="wrap">
                  <AnchorLink to="/contacts/$id" params={{ id: String(c.id) }} fz="sm" fw={500}>{c.fullName || `#${c.id}`}</AnchorLink>
                  <Text fz="sm" c="dimmed">{[c.email, c.phone, c.company?.name].filter(Boolean).join(' · ')}</Text>
                  <Text fz="xs" c="dimmed">created {formatDate(c.createdAt)}</Text>
                </Group>
              } />
          ))}
        </Stack>
      </Radio.Group>
    </Card>
  );
}

export function DuplicatesPage() {
  const dups = useDuplicates();
  const groups = dups.data?.data ?? [];
  return (
    <>
      <PageHeader title="Duplicates" description="Contacts that share an email address or phone number." />
      <QueryState isPending={dups.isPending} error={dups.error} refetch={dups.refetch} />
      {dups.data && !groups.length && (
        <EmptyState icon={<IconCopyCheck size={28} />} variant="light" title="No duplicates found" description="Every contact has a unique email and phone." />
      )}
      <Stack gap="md">
        {groups.map((g) => <GroupCard key={`${g.reason}:${g.key}`} group={g} />)}
      </Stack>
    </>
  );
}
