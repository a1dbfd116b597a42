import { Alert, Button, Group, Modal, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ContactsSelect, type ContactRef } from '../components/ContactsSelect';
import { ApiError } from '../lib/http';
import { useSetListMembers, type AddMembersResult, type ConsentDeclaration, type LawfulBasis, type MailingList } from './api';
import { LAWFUL_BASES } from './consentLabels';

const SOURCES: { value: ConsentDeclaration['source']; label: string }[] = [
  { value: 'admin', label: 'Given to our team' },
  { value: 'import', label: 'From another system' },
  { value: 'api', label: 'Through an integration' },
];
type Status = 'subscribed' | 'unsubscribed';
const emptyConsent = { source: 'admin' as ConsentDeclaration['source'], lawfulBasis: 'consent' as LawfulBasis, proof: '', textShown: '' };

const RESULT_LABEL: { key: keyof AddMembersResult; label: string; help: string; when: Status }[] = [
  { key: 'added', label: 'Added', help: 'now subscribed', when: 'subscribed' },
  { key: 'pending', label: 'Pending', help: 'sent a confirmation email; they join once they click it', when: 'subscribed' },
  { key: 'suppressed', label: 'Suppressed', help: 'on the suppression list, so not subscribed', when: 'subscribed' },
  { key: 'unsubscribed', label: 'Unsubscribed', help: 'now unsubscribed', when: 'unsubscribed' },
];
const SKIPPED = { key: 'skipped' as const, label: 'Skipped', help: 'already had this status, or have no email address' };

function ResultCounts({ result, status }: { result: AddMembersResult; status: Status }) {
  const shown = [...RESULT_LABEL.filter((r) => r.when === status), SKIPPED];
  return (
    <SimpleGrid cols={{ base: 2, xs: shown.length }} spacing="xs" data-testid="add-members-result">
      {shown.map((r) => (
        <Stack key={r.key} gap={0} title={r.help}>
          <Text fz="xl" fw={700} data-testid={`add-members-${r.key}`} c={result[r.key] ? undefined : 'dimmed'}>{result[r.key] ?? 0}</Text>
          <Text fz="xs" c="dimmed">{r.label}</Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

/** Adds contacts to a list; subscribing to a marketing list needs a declaration of how consent was obtained. */
export function AddMembersModal({ list, opened, onClose }: { list: MailingList; opened: boolean; onClose: () => void }) {
  const [contacts, setContacts] = useState<ContactRef[]>([]);
  const [status, setStatus] = useState<Status>('subscribed');
  const [consent, setConsent] = useState(emptyConsent);
  const add = useSetListMembers(list.id);
  const errors = add.error instanceof ApiError ? add.error.fieldErrors() : {};
  const needsConsent = status === 'subscribed' && list.purpose === 'marketing';
  const close = () => { setContacts([]); setStatus('subscribed'); setConsent(emptyConsent); add.reset(); onClose(); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const declaration = needsConsent ? { ...consent, proof: consent.proof.trim(), textShown: consent.textShown.trim() || undefined } : undefined;
    add.mutate({ contactIds: contacts.map((c) => c.id), status, consent: declaration });
  };
  const shown = ['contactIds', ...(needsConsent ? ['consent', 'consent.source', 'consent.lawfulBasis', 'consent.proof', 'consent.textShown'] : [])];
  const unexplained = add.error && !Object.keys(errors).some((k) => shown.includes(k));

  return (
    <Modal opened={opened} onClose={close} title={`Add contacts to “${list.name}”`} size="lg">
      {add.data ? (
        <Stack>
          <ResultCounts result={add.data} status={status} />
          {add.data.pending > 0 && <Text fz="sm" c="dimmed">Pending contacts join the list once they confirm by email.</Text>}
          <Group justify="flex-end"><Button onClick={close} data-testid="add-members-done">Done</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <ContactsSelect value={contacts} onChange={setContacts} error={errors.contactIds} testId="add-members-contacts" />
            <SegmentedControl value={status} onChange={(v) => setStatus(v as Status)} data-testid="add-members-status"
              data={[{ value: 'subscribed', label: 'Subscribe' }, { value: 'unsubscribed', label: 'Unsubscribe' }]} />
            {needsConsent && (
              <Stack gap="xs" data-testid="consent-declaration">
                <Text fz="sm" fw={600}>Consent declaration</Text>
                <Text fz="xs" c={errors.consent ? 'red' : 'dimmed'}>
                  {errors.consent ?? 'Marketing lists may only hold people who agreed to it. Say how they did; it is kept in each contact’s consent history.'}
                </Text>
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
                  <Select label="Source" value={consent.source} data={SOURCES} allowDeselect={false} error={errors['consent.source']} data-testid="consent-source"
                    onChange={(v) => v && setConsent({ ...consent, source: v as ConsentDeclaration['source'] })} />
                  <Select label="Lawful basis" value={consent.lawfulBasis} data={LAWFUL_BASES} allowDeselect={false} error={errors['consent.lawfulBasis']}
                    data-testid="consent-basis" onChange={(v) => v && setConsent({ ...consent, lawfulBasis: v as LawfulBasis })} />
                </SimpleGrid>
                <Textarea label="Proof" required autosize minRows={2} error={errors['consent.proof']} data-testid="consent-proof"
                  placeholder="Where and when they agreed, e.g. “Paper sign-up sheet at the Lyon trade fair, 3 Nov 2026”"
                  value={consent.proof} onChange={(e) => setConsent({ ...consent, proof: e.currentTarget.value })} />
                <Textarea label="Text shown" autosize minRows={2} error={errors['consent.textShown']} data-testid="consent-text-shown"
                  placeholder="The wording they agreed to (optional)" value={consent.textShown}
                  onChange={(e) => setConsent({ ...consent, textShown: e.currentTarget.value })} />
              </Stack>
            )}
            {needsConsent && list.optInMode === 'double' && (
              <Alert color="blue" icon={<IconInfoCircle size={18} />} p="xs">
                This list uses double opt-in: the contacts become pending and are sent a confirmation email.
              </Alert>
            )}
            {unexplained && <Alert color="red">{add.error!.message}</Alert>}
          </Stack>
          <Group justify="flex-end" mt="lg">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button type="submit" loading={add.isPending} disabled={!contacts.length} data-testid="add-members-submit">
              {status === 'subscribed' ? 'Subscribe' : 'Unsubscribe'} {contacts.length || ''}
            </Button>
          </Group>
        </form>
      )}
    </Modal>
  );
}
