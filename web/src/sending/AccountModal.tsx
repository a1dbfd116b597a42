import { Button, Group, Modal, NumberInput, PasswordInput, Select, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { notifySuccess } from '../lib/notify';
import { useSaveAccount, type AccountInput } from './api';

const EMPTY = { name: '', host: '', port: 587, security: 'starttls' as AccountInput['security'], username: '', password: '', maxPerSecond: 50, maxConnections: 5, fromDomain: '', weight: 1 };

export function AccountModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [form, setForm] = useState(EMPTY);
  const save = useSaveAccount();
  const errors = formErrors(save.error, ['name', 'host', 'port', 'username', 'password', 'maxPerSecond', 'maxConnections', 'fromDomain', 'weight']);
  const set = <K extends keyof typeof EMPTY>(key: K, value: (typeof EMPTY)[K]) => setForm((f) => ({ ...f, [key]: value }));
  const close = () => { setForm(EMPTY); save.reset(); onClose(); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = { ...form, username: form.username || null, password: form.password || null, fromDomain: form.fromDomain || null, enabled: true };
    save.mutate({ input }, { onSuccess: (a) => { notifySuccess(`Account “${a.name}” added`); close(); } });
  };
  return (
    <Modal opened={opened} onClose={close} title="Add an SMTP account" size="lg">
      <form onSubmit={submit} noValidate>
        <SimpleGrid cols={2}>
          <TextInput label="Name" required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.field('name')} data-testid="account-name" />
          <TextInput label="Host" required value={form.host} onChange={(e) => set('host', e.currentTarget.value)} error={errors.field('host')} data-testid="account-host" />
          <NumberInput label="Port" required value={form.port} onChange={(v) => set('port', Number(v))} error={errors.field('port')} data-testid="account-port" />
          <Select label="Security" value={form.security} onChange={(v) => set('security', (v ?? 'starttls') as AccountInput['security'])}
            data={[{ value: 'starttls', label: 'STARTTLS (587)' }, { value: 'tls', label: 'TLS (465)' }, { value: 'none', label: 'None' }]} allowDeselect={false} data-testid="account-security" />
          <TextInput label="Username" value={form.username} onChange={(e) => set('username', e.currentTarget.value)} error={errors.field('username')} />
          <PasswordInput label="Password (stored encrypted)" value={form.password} onChange={(e) => set('password', e.currentTarget.value)} error={errors.field('password')} />
          <NumberInput label="Messages per second" min={1} max={10000} value={form.maxPerSecond} onChange={(v) => set('maxPerSecond', Number(v))} error={errors.field('maxPerSecond')} />
          <NumberInput label="Connections" min={1} max={50} value={form.maxConnections} onChange={(v) => set('maxConnections', Number(v))} error={errors.field('maxConnections')} />
          <TextInput label="Only for from-domain" placeholder="Any" value={form.fromDomain} onChange={(e) => set('fromDomain', e.currentTarget.value)} error={errors.field('fromDomain')} />
          <NumberInput label="Weight" min={0} max={1000} value={form.weight} onChange={(v) => set('weight', Number(v))} error={errors.field('weight')} />
        </SimpleGrid>
        <FormErrorAlert errors={errors} mt="sm" />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button type="submit" loading={save.isPending} data-testid="account-submit">Add account</Button>
        </Group>
      </form>
    </Modal>
  );
}
