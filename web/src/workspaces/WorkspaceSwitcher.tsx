import { Group, Menu, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconCheck, IconChevronDown, IconPlus } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { usePermissions } from '../auth/api';
import { ModalActions } from '../components/ModalActions';
import { formErrors } from '../lib/form-errors';
import { useCreateWorkspace, useMyWorkspaces, useSwitchWorkspace } from './api';

/**
 * The workspace name, a menu of the user's other workspaces, and "New workspace" for owners. In
 * the header from the `sm` breakpoint up; below it the header has no room, so the nav drawer
 * (`inDrawer`) holds it, and choosing closes the drawer (`onDone`).
 */
export function WorkspaceSwitcher({ inDrawer = false, onDone }: { inDrawer?: boolean; onDone?: () => void }) {
  const { can, me } = usePermissions();
  const mine = useMyWorkspaces(Boolean(me));
  const switchTo = useSwitchWorkspace();
  const navigate = useNavigate();
  const [creating, create] = useDisclosure(false);
  const name = me?.workspace.name ?? '';
  const go = (id: number) => switchTo.mutate(id, { onSuccess: () => { onDone?.(); navigate({ to: '/' }); } });
  const target = inDrawer
    ? { 'data-testid': 'workspace-switcher-nav', hiddenFrom: 'sm', w: '100%', px: 'sm', py: 6, mb: 'xs' }
    : { 'data-testid': 'workspace-switcher', visibleFrom: 'sm' };

  return (
    <>
      <Menu position="bottom-start" width={260} withinPortal>
        <Menu.Target>
          <UnstyledButton {...target} aria-label={`Workspace: ${name}. Switch workspace`}>
            <Group gap={4} wrap="nowrap" justify={inDrawer ? 'space-between' : undefined}>
              <Text fz="sm" c="gray.7" fw={inDrawer ? 600 : undefined} truncate maw={200}>{name}</Text>
              <IconChevronDown size={14} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Your workspaces</Menu.Label>
          {(mine.data ?? []).map((w) => (
            <Menu.Item key={w.id} onClick={() => !w.current && go(w.id)} rightSection={w.current ? <IconCheck size={14} aria-label="current" /> : null}
              data-testid={`workspace-${w.id}`}>
              <Text fz="sm">{w.name}</Text>
              <Text fz="xs" c="gray.7">{w.role}</Text>
            </Menu.Item>
          ))}
          {can('workspace:manage') && (
            <>
              <Menu.Divider />
              <Menu.Item leftSection={<IconPlus size={14} />} onClick={create.open} data-testid="new-workspace">New workspace…</Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      <NewWorkspaceModal opened={creating} onClose={create.close} onCreated={go} />
    </>
  );
}

function NewWorkspaceModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const [name, setName] = useState('');
  const create = useCreateWorkspace();
  const errors = formErrors(create.error, ['name']);
  const close = () => { setName(''); create.reset(); onClose(); };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim() }, { onSuccess: (w) => { close(); onCreated(w.id); } });
  };
  return (
    <Modal opened={opened} onClose={close} title="New workspace" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text fz="sm">An empty workspace of its own (contacts, deals, lists, users), for another client or team. You will be its owner.</Text>
          <TextInput label="Name" required data-autofocus value={name} error={errors.field('name') ?? errors.rest[0]}
            onChange={(e) => setName(e.currentTarget.value)} data-testid="new-workspace-name" />
          <ModalActions onCancel={close} submitLabel="Create and switch" loading={create.isPending} testId="new-workspace-submit" />
        </Stack>
      </form>
    </Modal>
  );
}
