import { Button, Group, Modal, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { useTestSend } from './api';

export function TestSendModal({ templateId, opened, onClose }: { templateId: number; opened: boolean; onClose: () => void }) {
  const send = useTestSend(templateId);
  const [to, setTo] = useState('');
  const [fromName, setFromName] = useState('');
  const [fromEmail, setFromEmail] = useState('');
  const errors = formErrors(send.error, ['to', 'fromEmail']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const list = to.split(/[,\s]+/).filter(Boolean);
    send.mutate({ to: list, fromName, fromEmail }, { onSuccess: (r) => { notifySuccess(`Test sent to ${r.sent} address${r.sent === 1 ? '' : 'es'}${r.dkim ? ', DKIM-signed' : ''}`); onClose(); } });
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Send a test">
      <form onSubmit={submit} noValidate>
        <TextInput label="To (up to five addresses, separated by commas)" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={errors.field('to')} data-testid="test-to" />
        <TextInput label="From name" mt="sm" value={fromName} onChange={(e) => setFromName(e.currentTarget.value)} />
        <TextInput label="From address (its domain picks the SMTP account and DKIM key)" mt="sm" value={fromEmail} onChange={(e) => setFromEmail(e.currentTarget.value)} error={errors.field('fromEmail')} data-testid="test-from" />
        <FormErrorAlert errors={errors} mt="sm" />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={send.isPending} data-testid="test-submit">Send test</Button>
        </Group>
      </form>
    </Modal>
  );
}
