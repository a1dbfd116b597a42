import { Alert, Button, PasswordInput, TextInput } from '@mantine/core';
import { Navigate, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { AuthCard } from './AuthCard';
import { useLogin, useSetup } from './api';

export function LoginPage() {
  const setup = useSetup();
  const login = useLogin();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (setup.data?.needed) return <Navigate to="/setup" />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password }, { onSuccess: () => navigate({ to: '/contacts' }) });
  };

  return (
    <AuthCard title="Sign in" subtitle="Welcome back. Sign in to your workspace.">
      <form onSubmit={submit} data-testid="login-form">
        <TextInput label="Email" type="email" required mb="sm" autoComplete="email" data-testid="login-email"
          value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
        <PasswordInput label="Password" required mb="md" autoComplete="current-password" data-testid="login-password"
          value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
        {login.error && <Alert color="red" mb="md" data-testid="login-error">{login.error.message}</Alert>}
        <Button type="submit" fullWidth loading={login.isPending} data-testid="login-submit">Sign in</Button>
      </form>
    </AuthCard>
  );
}
