import { Button, PasswordInput, TextInput } from '@mantine/core';
import { Navigate, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { AuthCard } from './AuthCard';
import { useLogin, useSetup } from './api';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';

export function LoginPage() {
  const setup = useSetup();
  const login = useLogin();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (setup.data?.needed) return <Navigate to="/setup" />;

  const errors = formErrors(login.error, ['email', 'password']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password }, { onSuccess: () => navigate({ to: '/contacts' }) });
  };

  return (
    <AuthCard title="Sign in" subtitle="Welcome back. Sign in to your workspace.">
      <form onSubmit={submit} data-testid="login-form">
        <TextInput label="Email" type="email" required mb="sm" autoComplete="email" data-testid="login-email"
          value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.field('email')} />
        <PasswordInput label="Password" required mb="md" autoComplete="current-password" data-testid="login-password"
          value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.field('password')} />
        <FormErrorAlert errors={errors} testId="login-error" mt={0} mb="md" />
        <Button type="submit" fullWidth loading={login.isPending} data-testid="login-submit">Sign in</Button>
      </form>
    </AuthCard>
  );
}
