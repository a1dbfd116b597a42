import { ActionIcon, Alert, Badge, Button, Code, CopyButton, EmptyState, Group, Modal, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCheck, IconCopy, IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../auth/api';
import { ConfirmModal } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatDateTime, formatRelative } from '../lib/format';
import { FormErrorAlert } from '../components/FormErrorAlert';
import { formErrors } from '../lib/form-errors';
import { useApiKeys, useCreateApiKey, useRevokeApiKey, type ApiKey } from './api';

const col = createColumnHelper<ApiKey>();

function CreateKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('admin');
  const create = useCreateApiKey();
  const errors = formErrors(create.error, ['name', 'role']);
  const close = () => { setName(''); create.reset(); onClose(); };
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate({ name: name.trim(), role }); };
  const token = create.data?.token;

  return (
    <Modal opened={opened} onClose={close} title={token ? 'API key created' : 'New API key'} closeOnClickOutside={!token}>
      {token ? (
        <Stack gap="sm">
          <Alert color="yellow">Copy this token now. It will not be shown again.</Alert>
          <Code block data-testid="api-key-token" style={{ wordBreak: 'break-all' }}>{token}</Code>
          <Group justify="flex-end">
            <CopyButton value={token}>
              {({ copied, copy }) => (
                <Button variant="light" color={copied ? 'teal' : undefined} onClick={copy} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}>
                  {copied ? 'Copied' : 'Copy token'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput label="Name" placeholder="e.g. Website sign-up form" required data-autofocus value={name} error={errors.field('name')}
              onChange={(e) => setName(e.currentTarget.value)} data-testid="api-key-name" />
            <Select label="Role" description="The key acts with this role's permissions" data={ROLES} value={role} allowDeselect={false}
              onChange={(v) => v && setRole(v as Role)} error={errors.field('role')} data-testid="api-key-role" />
            <FormErrorAlert errors={errors} mt={0} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>Cancel</Button>
              <Button type="submit" loading={create.isPending} data-testid="api-key-submit">Create key</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

export function ApiKeysPage() {
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [createOpen, create] = useDisclosure(false);
  const [toRevoke, setToRevoke] = useState<ApiKey | null>(null);

  const columns = [
    col.accessor('name', { header: 'Name', cell: (c) => <Text fz="sm" fw={500}>{c.getValue()}</Text> }),
    col.accessor('prefix', { header: 'Key', cell: (c) => <Code>{c.getValue()}…</Code> }),
    col.accessor('role', { header: 'Role', cell: (c) => <Badge>{c.getValue()}</Badge> }),
    col.accessor('createdAt', { header: 'Created', cell: (c) => <Text fz="sm" c="dimmed">{formatDateTime(c.getValue())}</Text> }),
    col.accessor('lastUsedAt', { header: 'Last used', cell: (c) => <Text fz="sm" c="dimmed">{c.getValue() ? formatRelative(c.getValue()!) : 'Never'}</Text> }),
    col.display({
      id: 'actions', header: '',
      cell: (c) => (
        <Tooltip label="Revoke">
          <ActionIcon variant="subtle" color="red" aria-label={`Revoke ${c.row.original.name}`} onClick={() => setToRevoke(c.row.original)}>
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      ),
    }),
  ];

  return (
    <>
      <PageHeader title="API keys" description="Tokens for the REST API. Send as Authorization: Bearer <token>."
        actions={<Button leftSection={<IconPlus size={16} />} onClick={create.open} data-testid="new-api-key">New API key</Button>} />
      {keys.error ? <QueryState isPending={false} error={keys.error} refetch={keys.refetch} /> : (
        <DataTable data={keys.data ?? []} columns={columns} loading={keys.isPending} getRowId={(k) => String(k.id)}
          hideOnMobile={['prefix', 'createdAt', 'lastUsedAt']} testId="api-keys-table"
          empty={<EmptyState icon={<IconKey size={28} />} variant="light" title="No API keys" description="Create a key to connect forms, scripts and other tools." />} />
      )}
      <CreateKeyModal opened={createOpen} onClose={create.close} />
      <ConfirmModal opened={!!toRevoke} onClose={() => setToRevoke(null)} title="Revoke API key" confirmLabel="Revoke"
        message={`Revoke “${toRevoke?.name}”? Anything using it stops working at once.`} onConfirm={() => toRevoke && revoke.mutate(toRevoke.id)} />
    </>
  );
}
