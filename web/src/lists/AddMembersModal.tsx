import { Alert, Button, Group, Modal, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ContactsSelect, type ContactRef } from '../components/ContactsSelect';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { useSetListMembers, type AddMembersResult, type MailingList } from './api';
import { ConsentDeclarationFields, declarationBody, declarationPaths, emptyDeclaration } from './ConsentDeclarationFields';

type Status = 'subscribed' | 'unsubscribed';

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
  const [consent, setConsent] = useState(emptyDeclaration('admin'));
  const add = useSetListMembers(list.id);
  const needsConsent = status === 'subscribed' && list.purpose === 'marketing';
  const close = () => { setContacts([]); setStatus('subscribed'); setConsent(emptyDeclaration('admin')); add.reset(); onClose(); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ contactIds: contacts.map((c) => c.id), status, consent: needsConsent ? declarationBody(consent) : undefined });
  };
  const errors = formErrors(add.error, ['contactIds', ...(needsConsent ? declarationPaths('consent') : [])]);

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
            <ContactsSelect value={contacts} onChange={setContacts} error={errors.field('contactIds')} testId="add-members-contacts" />
            <SegmentedControl value={status} onChange={(v) => setStatus(v as Status)} data-testid="add-members-status"
              data={[{ value: 'subscribed', label: 'Subscribe' }, { value: 'unsubscribed', label: 'Unsubscribe' }]} />
            {needsConsent && <ConsentDeclarationFields value={consent} onChange={setConsent} errors={errors.byPath} prefix="consent" withSource />}
            {needsConsent && list.optInMode === 'double' && (
              <Alert color="blue" icon={<IconInfoCircle size={18} />} p="xs">
                This list uses double opt-in: the contacts become pending and are sent a confirmation email.
              </Alert>
            )}
            <FormErrorAlert errors={errors} mt={0} />
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
