import { Badge, Box, Button, Card, EmptyState, Grid, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { IconEdit, IconLayoutKanban, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { usePermissions } from '../auth/api';
import { ConfirmButton } from '../components/ConfirmButton';
import { CurrencyInput } from '../deals/CurrencyInput';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { notifySuccess } from '../lib/notify';
import { useUpdateWorkspace, useWorkspace } from '../workspaces/api';
import { useDeletePipeline, usePipelines, type Pipeline } from './api';
import { LostReasonsPanel } from './LostReasonsPanel';
import { PipelineEditor } from './PipelineEditor';

function PipelineCard({ pipeline, onEdit }: { pipeline: Pipeline; onEdit: () => void }) {
  const del = useDeletePipeline();
  return (
    <Card withBorder radius="md" padding="md" data-testid="pipeline-card" data-pipeline-id={pipeline.id}>
      <Group justify="space-between" wrap="nowrap" mb="sm">
        <Text fw={600}>{pipeline.name}</Text>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" leftSection={<IconEdit size={14} />} onClick={onEdit} data-testid="pipeline-edit">Edit</Button>
          <ConfirmButton size="xs" color="red" variant="subtle" leftSection={<IconTrash size={14} />} loading={del.isPending}
            title="Delete pipeline" message={`Delete the pipeline “${pipeline.name}”? Only an empty pipeline can be deleted.`} confirmLabel="Delete"
            onConfirm={() => del.mutate(pipeline.id, { onSuccess: () => notifySuccess('Pipeline deleted') })} testId="pipeline-delete">
            Delete
          </ConfirmButton>
        </Group>
      </Group>
      <Group gap={6}>
        {pipeline.stages.map((s, i) => (
          <Badge key={s.id} variant="light" color="indigo" size="lg" radius="sm" tt="none" fw={500}>
            {i + 1}. {s.name} · {s.probability}%
          </Badge>
        ))}
      </Group>
    </Card>
  );
}

function SalesVisibilitySetting() {
  const ws = useWorkspace();
  const update = useUpdateWorkspace();
  const on = ws.data?.settings.salesSeeAllDeals ?? false;
  return (
    <Paper withBorder radius="md" p="md">
      <Title order={3} fz="h5" mb="sm">Deal settings</Title>
      <Stack gap="md">
        <Switch label="Sales users see all deals" description="Off: people with the sales role see and edit only the deals they own."
          checked={on} disabled={!ws.data || update.isPending} data-testid="sales-see-all"
          onChange={(e) => update.mutate({ settings: { salesSeeAllDeals: e.currentTarget.checked } }, { onSuccess: () => notifySuccess('Setting saved') })} />
        <Box maw={320}>
          <CurrencyInput label="Default currency for new deals" value={ws.data?.settings.defaultCurrency ?? 'EUR'} readOnly={!ws.data || update.isPending}
            testId="default-currency" onChange={(defaultCurrency) => update.mutate({ settings: { defaultCurrency } }, { onSuccess: () => notifySuccess('Default currency saved') })} />
        </Box>
      </Stack>
    </Paper>
  );
}

export function PipelinesPage() {
  const { can } = usePermissions();
  const pipelines = usePipelines();
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const list = pipelines.data ?? [];
  return (
    <>
      <PageHeader title="Pipelines" description="Sales pipelines, their stages and win probabilities, and why deals are lost."
        actions={editing !== 'new' && <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="pipeline-new">New pipeline</Button>} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            {editing === 'new' && <PipelineEditor key="new" onDone={() => setEditing(null)} />}
            <QueryState isPending={pipelines.isPending} error={pipelines.error} refetch={pipelines.refetch} />
            {pipelines.data && !list.length && editing !== 'new' && (
              <EmptyState icon={<IconLayoutKanban size={28} />} variant="light" title="No pipelines yet"
                description="Create a pipeline with its stages to start tracking deals.">
                <EmptyState.Actions><Button onClick={() => setEditing('new')} leftSection={<IconPlus size={16} />}>New pipeline</Button></EmptyState.Actions>
              </EmptyState>
            )}
            {list.map((p) => editing === p.id
              ? <PipelineEditor key={p.id} pipeline={p} onDone={() => setEditing(null)} />
              : <PipelineCard key={p.id} pipeline={p} onEdit={() => setEditing(p.id)} />)}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <LostReasonsPanel />
            {can('workspace:manage') && <SalesVisibilitySetting />}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
