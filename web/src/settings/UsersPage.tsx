import { Badge, Button, EmptyState, Select, Switch, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus, IconUsersGroup } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { ROLES, usePermissions, type Role } from '../auth/api';
import { DataTable } from '../components/DataTable';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatDate } from '../lib/format';
import { useRoleDescriptions, useUpdateUser, useUsers, type User } from './api';
import { PendingInvites } from './PendingInvites';
import { InviteModal } from './InviteModal';

const col = createColumnHelper<User>();

export function UsersPage() {
  const { can, me } = usePermissions();
  const users = useUsers();
  const update = useUpdateUser();
  const describe = useRoleDescriptions();
  const [inviteOpen, invite] = useDisclosure(false);
  const manage = can('users:manage');

  const columns = [
    col.accessor('name', {
      header: 'Name',
      cell: (c) => (
        <div>
          <Text fz="sm" fw={500}>{c.getValue()} {c.row.original.id === me?.user.id && <Badge size="xs" color="gray">you</Badge>}</Text>
          <Text fz="xs" c="dimmed">{c.row.original.email}</Text>
        </div>
      ),
    }),
    col.accessor('role', {
      header: 'Role',
      cell: (c) => (
        <div>
          {manage && c.row.original.id !== me?.user.id ? (
            <Select size="xs" w={130} data={ROLES} value={c.getValue()} allowDeselect={false} aria-label={`Role of ${c.row.original.name}`}
              onChange={(v) => v && v !== c.getValue() && update.mutate({ id: c.row.original.id, role: v as Role })} />
          ) : <Badge>{c.getValue()}</Badge>}
          <Text fz="xs" c="gray.7" maw={320} mt={4}>{describe.data?.[c.getValue()]}</Text>
        </div>
      ),
    }),
    col.accessor('disabled', {
      header: 'Active',
      cell: (c) => manage && c.row.original.id !== me?.user.id ? (
        <Switch checked={!c.getValue()} aria-label={`Active: ${c.row.original.name}`}
          onChange={(e) => update.mutate({ id: c.row.original.id, disabled: !e.currentTarget.checked })} />
      ) : <Badge variant="filled" color={c.getValue() ? 'red.9' : 'teal.9'}>{c.getValue() ? 'disabled' : 'active'}</Badge>,
    }),
    col.accessor('createdAt', { header: 'Joined', cell: (c) => <Text fz="sm" c="dimmed">{formatDate(c.getValue())}</Text> }),
  ];

  return (
    <>
      <PageHeader title="Users" description="People with access to this workspace."
        actions={manage && <Button leftSection={<IconUserPlus size={16} />} onClick={invite.open} data-testid="invite-user">Invite user</Button>} />
      {users.error ? <QueryState isPending={false} error={users.error} refetch={users.refetch} /> : (
        <DataTable data={users.data ?? []} columns={columns} loading={users.isPending} getRowId={(u) => String(u.id)}
          hideOnMobile={['createdAt']} minWidth={560} testId="users-table"
          empty={<EmptyState icon={<IconUsersGroup size={28} />} title="No users" />} />
      )}
      {manage && <PendingInvites />}
      <InviteModal opened={inviteOpen} onClose={invite.close} />
    </>
  );
}
