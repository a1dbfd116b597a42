import { Alert, Button, Group, Modal, Progress, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useBulkOperation, useSegmentToList } from '../components/bulk-api';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { AnchorLink } from '../components/links';
import { ModalActions } from '../components/ModalActions';
import { ConsentDeclarationFields, declarationBody, declarationPaths, emptyDeclaration } from '../lists/ConsentDeclarationFields';
import { formErrors } from '../lib/form-errors';
import type { Segment } from './api';

/**
 * "Make a list" from a segment in one step: asks the new list's name and how its people consented
 * (a marketing list holds only people who agreed), then shows what the operation did. A large
 * segment runs in the background, so its progress is shown until it ends.
 */
export function MakeListModal({ segment, opened, onClose }: { segment: Segment; opened: boolean; onClose: () => void }) {
  const [name, setName] = useState(segment.name);
  const [consent, setConsent] = useState(() => emptyDeclaration('admin'));
  const make = useSegmentToList();
  const op = useBulkOperation(make.data && make.data.status !== 'done' ? make.data.id : null);
  const errors = formErrors(make.error, ['name', ...declarationPaths('consent')]);
  const close = () => { make.reset(); setName(segment.name); setConsent(emptyDeclaration('admin')); onClose(); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    make.mutate({ segmentId: segment.id, name: name.trim(), consent: declarationBody(consent) });
  };
  const current = op.data ?? make.data;
  const running = current && (current.status === 'queued' || current.status === 'running');

  return (
    <Modal opened={opened} onClose={close} title="Make a list from this segment" size="lg">
      {make.data && current ? (
        <Stack data-testid="make-list-result">
          {running ? (
            <>
              <Text fz="sm">Adding {current.total.toLocaleString()} contacts… {current.processed.toLocaleString()} done</Text>
              <Progress value={current.total ? (current.processed / current.total) * 100 : 0} aria-label="Adding contacts to the list" animated />
            </>
          ) : current.status === 'failed' ? (
            <Alert color="red" title="The list was made, but filling it failed">{current.error}</Alert>
          ) : (
            <Alert color="teal" data-testid="make-list-done">
              “{name.trim()}” now holds {(current.result.added ?? 0).toLocaleString()} of the segment’s {current.total.toLocaleString()} contacts
              {current.result.skipped || current.result.suppressed ? ` (${((current.result.skipped ?? 0) + (current.result.suppressed ?? 0)).toLocaleString()} left out: unsubscribed or suppressed)` : ''}.
            </Alert>
          )}
          <Group justify="flex-end">
            <AnchorLink to="/lists/$id" params={{ id: String(make.data.listId) }} data-testid="make-list-open">Open the list</AnchorLink>
            <Button variant="default" onClick={close}>Close</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text fz="sm">A new marketing list with everyone in “{segment.name}” today. Later changes to the segment do not change the list.</Text>
            <TextInput label="List name" required data-autofocus value={name} error={errors.field('name')}
              onChange={(e) => setName(e.currentTarget.value)} data-testid="make-list-name" />
            <ConsentDeclarationFields value={consent} onChange={setConsent} errors={errors.byPath} prefix="consent" withSource />
            <FormErrorAlert errors={errors} />
            <ModalActions onCancel={close} submitLabel="Make the list" loading={make.isPending} testId="make-list-submit" />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
