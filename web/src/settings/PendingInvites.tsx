import { Badge, Button, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { ConfirmButton } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { formatDate } from '../lib/format';
import { useInvites, useResendInvite, useRevokeInvite, type PendingInvite } from './api';

const col = createColumnHelper<PendingInvite>();

/** Invites not yet accepted: resend (a new link, the old one dies) or revoke. */
export function PendingInvites() {
  const invites = useInvites();
  const resend = useResendInvite();
  const revoke = useRevokeInvite();
  const link = resend.data?.link ? new URL(resend.data.link, window.location.origin).toString() : null;
  if (!invites.data?.length) return null;

  const columns = [
    col.accessor('email', { header: 'Email', cell: (c) => <Text fz="sm">{c.getValue()}</Text> }),
    col.accessor('role', { header: 'Role', cell: (c) => <Badge>{c.getValue()}</Badge> }),
    col.accessor('expiresAt', {
      header: 'Expires',
      cell: (c) => c.row.original.expired ? <Badge color="red">expired</Badge> : <Text fz="sm">{formatDate(c.getValue())}</Text>,
    }),
    col.display({
      id: 'actions',
      header: 'Actions',
      cell: (c) => (
        <Group gap="xs" wrap="nowrap">
          <Button size="compact-sm" variant="light" onClick={() => resend.mutate(c.row.original.id)} data-testid={`resend-invite-${c.row.original.id}`}>
            Resend
          </Button>
          <ConfirmButton size="compact-sm" variant="subtle" color="red" title="Revoke invite" confirmLabel="Revoke"
            message={`The link sent to ${c.row.original.email} stops working.`} onConfirm={() => revoke.mutate(c.row.original.id)}
            testId={`revoke-invite-${c.row.original.id}`}>Revoke</ConfirmButton>
        </Group>
      ),
    }),
  ];

  return (
    <Stack gap="xs" mt="xl">
      <Title order={2} fz="lg">Pending invites</Title>
      <DataTable data={invites.data} columns={columns} loading={false} getRowId={(i) => String(i.id)} minWidth={520} testId="invites-table" />
      <Modal opened={Boolean(link)} onClose={() => resend.reset()} title="New invite link" closeButtonProps={{ 'aria-label': 'Close' }}>
        <Stack gap="sm">
          <Text fz="sm">Send this link to <b>{resend.data?.invite.email}</b>; the previous one no longer works.</Text>
          <TextInput label="Invite link" value={link ?? ''} readOnly data-testid="resent-link" onFocus={(e) => e.currentTarget.select()} />
          <Group justify="flex-end"><Button onClick={() => resend.reset()}>Done</Button></Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
