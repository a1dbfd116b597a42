import { ActionIcon, Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { formErrors } from '../lib/form-errors';
import { useDeleteView, useSaveView, useSavedViews, type SavedView, type ViewConfig, type ViewEntity } from './api';

/** Pick a saved view, save the current one under a name (personal or shared), and choose the page size. */
export function ViewsBar({ entity, config, onApply, onPageSize }: {
  entity: ViewEntity;
  config: ViewConfig;
  onApply: (v: SavedView) => void;
  onPageSize: (size: 25 | 50 | 100) => void;
}) {
  const views = useSavedViews(entity);
  const save = useSaveView(entity);
  const remove = useDeleteView(entity);
  const [selected, setSelected] = useState<string | null>(null);
  const [opened, modal] = useDisclosure(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const errors = formErrors(save.error, ['name', 'shared']);
  const current = views.data?.data.find((v) => String(v.id) === selected);
  const data = (views.data?.data ?? []).map((v) => ({ value: String(v.id), label: v.shared ? `${v.name} (shared)` : v.name }));

  return (
    <Group gap={6} wrap="wrap">
      <Select size="xs" w={180} placeholder="Saved views" aria-label="Saved view" data={data} value={selected} clearable data-testid="views-select"
        onChange={(id) => {
          setSelected(id);
          const v = views.data?.data.find((x) => String(x.id) === id);
          if (v) onApply(v);
        }} />
      {current?.mine && (
        <ActionIcon variant="default" aria-label={`Delete view ${current.name}`} onClick={() => remove.mutate(current.id, { onSuccess: () => setSelected(null) })}>
          <IconTrash size={14} />
        </ActionIcon>
      )}
      <Button size="xs" variant="default" leftSection={<IconDeviceFloppy size={14} />} onClick={modal.open} data-testid="views-save">Save view</Button>
      <SegmentedControl size="xs" aria-label="Rows per page" value={String(config.pageSize)} data={['25', '50', '100']} data-testid="page-size"
        onChange={(v) => onPageSize(Number(v) as 25 | 50 | 100)} />
      <Modal opened={opened} onClose={modal.close} title="Save this view">
        <Stack>
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.field('name')} data-testid="views-name" />
          <Checkbox label="Share with everyone in the workspace" checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} error={errors.field('shared')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={modal.close}>Cancel</Button>
            <Button loading={save.isPending} data-testid="views-save-confirm"
              onClick={() => save.mutate({ name: name.trim(), shared, config }, { onSuccess: (v) => { modal.close(); setName(''); setSelected(String(v.id)); } })}>Save</Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
