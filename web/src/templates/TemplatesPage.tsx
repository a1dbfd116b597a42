import { Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { usePermissions } from '../auth/api';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { RowDeleteAction } from '../components/RowDeleteAction';
import { singleFieldError } from '../lib/form-errors';
import { formatDate } from '../lib/format';
import { CAMPAIGNS_WRITE, useCreateTemplate, useDeleteTemplate, useStarters, useTemplates, type Starter } from './api';

function NewTemplateModal({ starter, onClose }: { starter: Starter | null; onClose: () => void }) {
  const [name, setName] = useState('');
  const create = useCreateTemplate();
  const navigate = useNavigate();
  const error = singleFieldError(create.error, 'name');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, starter: starter?.key }, { onSuccess: (t) => navigate({ to: '/templates/$id', params: { id: String(t.id) } }) });
  };
  return (
    <Modal opened={starter !== null} onClose={onClose} title={`New template from “${starter?.name ?? ''}”`}>
      <form onSubmit={submit} noValidate>
        <TextInput label="Template name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={error} data-autofocus data-testid="template-name" />
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={create.isPending} data-testid="template-create">Create</Button>
        </Group>
      </form>
    </Modal>
  );
}

/** The starter gallery: each card shows the design itself, rendered small. */
function Gallery({ onPick }: { onPick: (s: Starter) => void }) {
  const starters = useStarters();
  return (
    <Stack gap="sm">
      <Title order={2} fz="h4">Start from a design</Title>
      <QueryState isPending={starters.isPending} error={starters.error} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {starters.data?.data.map((s) => (
          <Card key={s.key} withBorder padding="sm" data-testid={`starter-${s.key}`}>
            <Text fw={600}>{s.name}</Text>
            <Text fz="sm" mb="xs">{s.description}</Text>
            <Button size="xs" onClick={() => onPick(s)}>Use {s.name}</Button>
          </Card>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

export function TemplatesPage() {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const templates = useTemplates();
  const remove = useDeleteTemplate();
  const [picked, setPicked] = useState<Starter | null>(null);
  return (
    <>
      <PageHeader title="Email templates" />
      <Stack gap="xl">
        {can(CAMPAIGNS_WRITE) && <Gallery onPick={setPicked} />}
        <Stack gap="sm">
          <Title order={2} fz="h4">Your templates</Title>
          <QueryState isPending={templates.isPending} error={templates.error} refetch={templates.refetch} />
          {templates.data && (
            <Table highlightOnHover withTableBorder>
              <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Kind</Table.Th><Table.Th>Subject</Table.Th><Table.Th>Updated</Table.Th><Table.Th /></Table.Tr></Table.Thead>
              <Table.Tbody>
                {templates.data.map((t) => (
                  <Table.Tr key={t.id} style={{ cursor: 'pointer' }} onClick={() => navigate({ to: '/templates/$id', params: { id: String(t.id) } })} data-testid="template-row">
                    <Table.Td><Text fz="sm" fw={500} c="indigo.8">{t.name}</Text></Table.Td>
                    <Table.Td><Badge variant="light">{t.kind}</Badge></Table.Td>
                    <Table.Td><Text fz="sm">{t.subject}</Text></Table.Td>
                    <Table.Td><Text fz="sm">{formatDate(t.updatedAt)}</Text></Table.Td>
                    <Table.Td>{can(CAMPAIGNS_WRITE) && <RowDeleteAction label={`Delete ${t.name}`} testId="template-delete" loading={remove.isPending} onClick={() => remove.mutate(t.id)} />}</Table.Td>
                  </Table.Tr>
                ))}
                {templates.data.length === 0 && <Table.Tr><Table.Td colSpan={5}>No templates yet: start from a design above.</Table.Td></Table.Tr>}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Stack>
      <NewTemplateModal starter={picked} onClose={() => setPicked(null)} />
    </>
  );
}
