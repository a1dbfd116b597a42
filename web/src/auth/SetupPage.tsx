import { Alert, Button, Center, Loader, PasswordInput, TextInput } from '@mantine/core';
import { Navigate, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../lib/http';
import { AuthCard } from './AuthCard';
import { useRunSetup, useSetup } from './api';

export function SetupPage() {
  const setup = useSetup();
  const run = useRunSetup();
  const navigate = useNavigate();
  const [form, setForm] = useState({ workspaceName: '', name: '', email: '', password: '' });
  const errors = run.error instanceof ApiError ? run.error.fieldErrors() : {};
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
          value={form.workspaceName} onChange={set('workspaceName')} error={errors.workspaceName} />
        <TextInput label="Your name" placeholder="Ada Lovelace" required mb="sm" data-testid="setup-name"
          value={form.name} onChange={set('name')} error={errors.name} />
        <TextInput label="Email" type="email" placeholder="you@company.com" required mb="sm" data-testid="setup-email"
          autoComplete="email" value={form.email} onChange={set('email')} error={errors.email} />
        <PasswordInput label="Password" required mb="md" data-testid="setup-password" autoComplete="new-password"
          description="At least 10 characters, and not a common password" value={form.password} onChange={set('password')} error={errors.password} />
        {run.error && !Object.keys(errors).length && <Alert color="red" mb="md">{run.error.message}</Alert>}
        <Button type="submit" fullWidth loading={run.isPending} data-testid="setup-submit">Create workspace</Button>
      </form>
    </AuthCard>
  );
}
