import { Button, Center, Loader, PasswordInput, Text, TextInput } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { AuthCard } from './AuthCard';
import { useAcceptInvite, useInvite } from './api';

export function InvitePage({ token }: { token: string }) {
  const invite = useInvite(token);
  const accept = useAcceptInvite();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const errors = formErrors(accept.error, ['name', 'password']);

  if (invite.isPending) return <Center mih="100vh"><Loader /></Center>;
  if (invite.error || !invite.data) {
    return (
      <AuthCard title="Invitation not valid">
        <Text c="dimmed">This invitation link has expired or was already used. Ask your workspace admin for a new one.</Text>
      </AuthCard>
    );
  }

  const existing = invite.data.existingAccount;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    accept.mutate({ token, name: existing ? undefined : name, password }, { onSuccess: () => navigate({ to: '/contacts' }) });
  };

  return (
    <AuthCard title={`Join ${invite.data.workspaceName}`}
      subtitle={<>You were invited as <b>{invite.data.role}</b> with {invite.data.email}.</>}>
      <form onSubmit={submit}>
        <TextInput label="Email" value={invite.data.email} readOnly disabled mb="sm" />
        {!existing && (
          <TextInput label="Your name" required mb="sm" data-testid="invite-name" value={name}
            onChange={(e) => setName(e.currentTarget.value)} error={errors.field('name')} />
        )}
        <PasswordInput label={existing ? 'Your password' : 'Choose a password'} required mb="md" data-testid="invite-password"
          autoComplete={existing ? 'current-password' : 'new-password'}
          description={existing ? 'You already have an account: this workspace joins the ones you can switch between' : 'At least 10 characters, and not a common password'}
          value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.field('password')} />
        <FormErrorAlert errors={errors} mt={0} />
        <Button type="submit" fullWidth loading={accept.isPending} data-testid="invite-submit">Join workspace</Button>
      </form>
    </AuthCard>
  );
}
