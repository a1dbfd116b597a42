import { Alert, Button, Center, Loader, PasswordInput, Text, TextInput } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../lib/http';
import { AuthCard } from './AuthCard';
import { useAcceptInvite, useInvite } from './api';

export function InvitePage({ token }: { token: string }) {
  const invite = useInvite(token);
  const accept = useAcceptInvite();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const errors = accept.error instanceof ApiError ? accept.error.fieldErrors() : {};

  if (invite.isPending) return <Center mih="100vh"><Loader /></Center>;
  if (invite.error || !invite.data) {
    return (
      <AuthCard title="Invitation not valid">
        <Text c="dimmed">This invitation link has expired or was already used. Ask your workspace admin for a new one.</Text>
      </AuthCard>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    accept.mutate({ token, name, password }, { onSuccess: () => navigate({ to: '/contacts' }) });
  };

  return (
    <AuthCard title={`Join ${invite.data.workspaceName}`}
      subtitle={<>You were invited as <b>{invite.data.role}</b> with {invite.data.email}.</>}>
      <form onSubmit={submit}>
        <TextInput label="Email" value={invite.data.email} readOnly disabled mb="sm" />
        <TextInput label="Your name" required mb="sm" data-testid="invite-name" value={name}
          onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
        <PasswordInput label="Choose a password" required mb="md" data-testid="invite-password" autoComplete="new-password"
          description="At least 10 characters, and not a common password"
          value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
        {accept.error && !Object.keys(errors).length && <Alert color="red" mb="md">{accept.error.message}</Alert>}
        <Button type="submit" fullWidth loading={accept.isPending} data-testid="invite-submit">Join workspace</Button>
      </form>
    </AuthCard>
  );
}
