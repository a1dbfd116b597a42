import { Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { notifySuccess } from '../lib/notify';
import { useEraseContact } from './api';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';

/**
 * Erasure cannot be undone, so the user types the contact's email (or name, when there is none) to arm the button,
 * then lands on the contacts list: the contact no longer exists.
 */
export function EraseContactModal({ contact, opened, onClose }: {
  contact: { id: number; email: string | null; name: string };
  opened: boolean;
  onClose: () => void;
}) {
  const [typed, setTyped] = useState('');
  const erase = useEraseContact();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const expected = contact.email ?? contact.name;
  const armed = typed.trim().toLowerCase() === expected.trim().toLowerCase();
  const close = () => { setTyped(''); erase.reset(); onClose(); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!armed) return;
    erase.mutate(contact.id, {
      onSuccess: async () => {
        notifySuccess(`${expected} erased`);
        await navigate({ to: '/contacts' });
        for (const key of [['contacts', 'one', contact.id], ['consents', contact.id], ['timeline', 'contacts', contact.id]]) qc.removeQueries({ queryKey: key });
      },
    });
  };
  return (
    <Modal opened={opened} onClose={close} title="Erase contact" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text fz="sm">This permanently removes {contact.name}'s personal data (GDPR Art. 17):</Text>
          <List fz="sm" spacing={2}>
            <List.Item>fields, notes, list memberships and consent records are deleted;</List.Item>
            <List.Item>timeline and audit entries are kept but anonymised;</List.Item>
            <List.Item>a one-way hash of the address is kept on the suppression list, so nobody adds it back by mistake.</List.Item>
          </List>
          <Text fz="sm">The person can still sign up again through a form. This cannot be undone.</Text>
          <TextInput label={<>Type <b>{expected}</b> to confirm</>} value={typed} autoComplete="off" data-autofocus data-testid="erase-confirm-input"
            onChange={(e) => setTyped(e.currentTarget.value)} />
          <FormErrorAlert errors={formErrors(erase.error, [])} mt={0} />
        </Stack>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button type="submit" color="red" disabled={!armed} loading={erase.isPending} data-testid="erase-confirm">Erase</Button>
        </Group>
      </form>
    </Modal>
  );
}
