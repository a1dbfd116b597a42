import { Button, CopyButton, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../auth/api';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { useInviteUser, useRoleDescriptions } from './api';

/** Invite by email + role; the server returns a link the admin copies and sends. */
export function InviteModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('sales');
  const invite = useInviteUser();
  const describe = useRoleDescriptions();
  const errors = formErrors(invite.error, ['email', 'role']);
  const close = () => { setEmail(''); setRole('sales'); invite.reset(); onClose(); };
  const link = invite.data?.link ? new URL(invite.data.link, window.location.origin).toString() : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate({ email: email.trim(), role });
  };

  return (
    <Modal opened={opened} onClose={close} title="Invite a user">
      {link ? (
        <Stack gap="sm">
          <Text fz="sm">Send this link to <b>{invite.data!.invite.email}</b>. It expires {new Date(invite.data!.invite.expiresAt).toLocaleString()}.</Text>
          <TextInput value={link} readOnly data-testid="invite-link" onFocus={(e) => e.currentTarget.select()}
            rightSectionWidth={90}
            rightSection={
              <CopyButton value={link}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="light" color={copied ? 'teal' : undefined} onClick={copy}
                    leftSection={copied ? <IconCheck size={12} /> : <IconCopy size={12} />}>{copied ? 'Copied' : 'Copy'}</Button>
                )}
              </CopyButton>
            } />
          <Group justify="flex-end"><Button onClick={close}>Done</Button></Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput label="Email" type="email" required data-autofocus value={email} error={errors.field('email')}
              onChange={(e) => setEmail(e.currentTarget.value)} data-testid="invite-email" />
            <Select label="Role" data={ROLES} value={role} allowDeselect={false} onChange={(v) => v && setRole(v as Role)}
              description={describe.data?.[role]} error={errors.field('role')} data-testid="invite-role" />
            <FormErrorAlert errors={errors} mt={0} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" loading={invite.isPending} data-testid="invite-submit">Create invite</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
