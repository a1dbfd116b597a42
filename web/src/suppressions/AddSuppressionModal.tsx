import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { useAddSuppression } from './api';

export function AddSuppressionModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [note, setNote] = useState('');
  const add = useAddSuppression();
  const errors = formErrors(add.error, ['email', 'note']);
  const close = () => { setEmail(''); setNote(''); add.reset(); onClose(); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ email: email.trim(), note: note.trim() || undefined }, { onSuccess: (s) => { notifySuccess(`${s.email ?? email} suppressed`); close(); } });
  };
  return (
    <Modal opened={opened} onClose={close} title="Suppress an address">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput label="Email" type="email" required data-autofocus value={email} error={errors.field('email')} data-testid="suppression-email"
            onChange={(e) => setEmail(e.currentTarget.value)} />
          <Textarea label="Note" autosize minRows={2} placeholder="Why (optional), e.g. “asked by phone not to be emailed”" value={note} error={errors.field('note')}
            data-testid="suppression-note" onChange={(e) => setNote(e.currentTarget.value)} />
          <FormErrorAlert errors={errors} mt={0} />
        </Stack>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button type="submit" loading={add.isPending} data-testid="suppression-submit">Suppress</Button>
        </Group>
      </form>
    </Modal>
  );
}
