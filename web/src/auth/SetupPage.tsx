import { Button, Center, Loader, PasswordInput, TextInput } from '@mantine/core';
import { Navigate, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { AuthCard } from './AuthCard';
import { useRunSetup, useSetup } from './api';

export function SetupPage() {
  const setup = useSetup();
  const run = useRunSetup();
  const navigate = useNavigate();
  const [form, setForm] = useState({ workspaceName: '', name: '', email: '', password: '' });
  const errors = formErrors(run.error, ['workspaceName', 'name', 'email', 'password']);
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.currentTarget.value });

  if (setup.isPending) return <Center mih="100vh"><Loader /></Center>;
  if (setup.data && !setup.data.needed && !run.isSuccess) return <Navigate to="/login" />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate(form, { onSuccess: () => navigate({ to: '/contacts' }) });
  };

  return (
    <AuthCard title="Set up your workspace" subtitle="Create the workspace and its first owner account.">
      <form onSubmit={submit} data-testid="setup-form">
        <TextInput label="Workspace name" placeholder="Acme Inc." required mb="sm" data-testid="setup-workspace"
          value={form.workspaceName} onChange={set('workspaceName')} error={errors.field('workspaceName')} />
        <TextInput label="Your name" placeholder="Ada Lovelace" required mb="sm" data-testid="setup-name"
          value={form.name} onChange={set('name')} error={errors.field('name')} />
        <TextInput label="Email" type="email" placeholder="you@company.com" required mb="sm" data-testid="setup-email"
          autoComplete="email" value={form.email} onChange={set('email')} error={errors.field('email')} />
        <PasswordInput label="Password" required mb="md" data-testid="setup-password" autoComplete="new-password"
          description="At least 10 characters, and not a common password" value={form.password} onChange={set('password')} error={errors.field('password')} />
        <FormErrorAlert errors={errors} mt={0} />
        <Button type="submit" fullWidth loading={run.isPending} data-testid="setup-submit">Create workspace</Button>
      </form>
    </AuthCard>
  );
}
