import { Badge, Button, Divider, Group, Paper, Select, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent } from 'react';
import { usePermissions } from '../auth/api';
import { AnchorLink } from '../components/links';
import { QueryState } from '../components/QueryState';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { formatDateTime, formatRelative } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { LISTS_READ, LISTS_WRITE, useAllLists, useContactConsentsPaged, useRecordConsent, type ConsentStatus } from './api';
import { ConsentHistory } from './ConsentHistory';
import { CONSENT_COLOR } from './consentLabels';

function RecordConsentForm({ contactId, listOptions }: { contactId: number; listOptions: { value: string; label: string }[] }) {
  const [status, setStatus] = useState<ConsentStatus>('granted');
  const [listId, setListId] = useState<string | null>(null);
  const [textShown, setTextShown] = useState('');
  const [proof, setProof] = useState('');
  const record = useRecordConsent(contactId);
  const errors = formErrors(record.error, ['status', 'listId', 'proof', 'textShown']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate(
      { status, source: 'admin', listId: listId ? Number(listId) : undefined, textShown: textShown.trim() || undefined, proof: proof.trim() || undefined },
      { onSuccess: () => { notifySuccess('Consent recorded'); setTextShown(''); setProof(''); record.reset(); } },
    );
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Text fz="sm" fw={600}>Record consent</Text>
        <Group grow align="flex-start" gap="xs" wrap="wrap">
          <Select label="Status" size="xs" value={status} allowDeselect={false} error={errors.field('status')} data-testid="consent-status" miw={130}
            data={[{ value: 'granted', label: 'Granted' }, { value: 'withdrawn', label: 'Withdrawn' }, { value: 'pending', label: 'Pending' }]}
            onChange={(v) => v && setStatus(v as ConsentStatus)} />
          <Select label="List" size="xs" placeholder="All email (channel)" clearable value={listId} data={listOptions} error={errors.field('listId')}
            data-testid="consent-list" onChange={setListId} miw={150} />
        </Group>
        <Textarea label="Proof" size="xs" autosize minRows={1} maxRows={4} placeholder="How and where they agreed, e.g. “asked by phone, 3 Nov”"
          value={proof} error={errors.field('proof')} onChange={(e) => setProof(e.currentTarget.value)} data-testid="consent-proof" />
        <Textarea label="Text shown" size="xs" autosize minRows={2} maxRows={6} placeholder="The consent wording the contact agreed to (optional)"
          value={textShown} error={errors.field('textShown')} onChange={(e) => setTextShown(e.currentTarget.value)} data-testid="consent-text" />
        <FormErrorAlert errors={errors} mt={0} />
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={record.isPending} data-testid="consent-submit">Record</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** "Lists & consent" on the contact page: current email consents, the ledger (newest first) and a form to record a change. */
export function ContactConsentPanel({ contactId }: { contactId: number }) {
  const { can } = usePermissions();
  const readable = can(LISTS_READ);
  const ledger = useContactConsentsPaged(contactId, 20, readable);
  const lists = useAllLists(readable);
  const events = useMemo(() => ledger.data?.pages.flatMap((p) => p.data) ?? [], [ledger.data]);
  const current = ledger.data?.pages[0]?.current ?? [];
  const listName = (id: number | null) => (id == null ? 'All email' : lists.data?.find((l) => l.id === id)?.name ?? `List #${id}`);
  const listOptions = (lists.data ?? []).map((l) => ({ value: String(l.id), label: l.name }));

  if (!readable) return null;
  return (
    <Paper withBorder radius="md" p="md" data-testid="consent-panel">
      <Group gap="xs" mb="sm">
        <IconShieldCheck size={18} />
        <Title order={4}>Lists &amp; consent</Title>
      </Group>
      {ledger.isPending || ledger.error ? <QueryState isPending={ledger.isPending} error={ledger.error} refetch={ledger.refetch} /> : (
        <Stack gap="md">
          {current.length === 0 ? (
            <Text fz="sm" c="dimmed" data-testid="consent-current-empty">No consent recorded for this contact.</Text>
          ) : (
            <Table verticalSpacing={6} fz="sm" data-testid="consent-current">
              <Table.Thead>
                <Table.Tr><Table.Th>Scope</Table.Th><Table.Th>Status</Table.Th><Table.Th>Since</Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {current.map((c) => (
                  <Table.Tr key={`${c.channel}:${c.listId ?? ''}`}>
                    <Table.Td>
                      {c.listId == null ? <Text fz="sm">All email</Text> : (
                        <AnchorLink to="/lists/$id" params={{ id: String(c.listId) }} fz="sm">{listName(c.listId)}</AnchorLink>
                      )}
                    </Table.Td>
                    <Table.Td><Badge variant="light" color={CONSENT_COLOR[c.status]}>{c.status}</Badge></Table.Td>
                    <Table.Td><Text fz="xs" c="dimmed" title={formatDateTime(c.updatedAt)} style={{ whiteSpace: 'nowrap' }}>{formatRelative(c.updatedAt)}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}

          {can(LISTS_WRITE) && (<><Divider /><RecordConsentForm contactId={contactId} listOptions={listOptions} /></>)}

          {events.length > 0 && (
            <>
              <Divider />
              <ConsentHistory contactId={contactId} events={events} listName={listName}
                pages={{ hasNextPage: ledger.hasNextPage, isFetchingNextPage: ledger.isFetchingNextPage, fetchNextPage: ledger.fetchNextPage }} />
            </>
          )}
        </Stack>
      )}
    </Paper>
  );
}
