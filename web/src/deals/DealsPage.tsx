import { Button, EmptyState, Group, SegmentedControl, Select } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLayoutKanban, IconPlus, IconSettings, IconTable } from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { usePermissions } from '../auth/api';
import { ButtonLink } from '../components/links';
import { OwnerSelect } from '../components/OwnerSelect';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { usePipelines } from '../pipelines/api';
import { DealsBoard } from './DealsBoard';
import { DealsTable } from './DealsTable';
import { NewDealModal } from './NewDealModal';
import type { DealsSearch } from './search';

export function DealsPage() {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const search = useSearch({ strict: false }) as DealsSearch;
  const view = search.view ?? 'board';
  const pipelines = usePipelines();
  const [ownerId, setOwnerId] = useState<number | null>(null);
  const [modalOpen, modal] = useDisclosure(false);
  const list = pipelines.data ?? [];
  const pipeline = list.find((p) => p.id === search.pipelineId) ?? list[0];
  const setSearch = (patch: DealsSearch) => navigate({ to: '/deals', search: { ...search, ...patch }, replace: true });

  const header = (
    <PageHeader title="Deals" description={view === 'board' ? 'Drag a card to move a deal to another stage.' : 'Every deal, searchable and filterable.'}
      actions={can('deals:write') && list.length > 0 && (
        <Button leftSection={<IconPlus size={16} />} onClick={modal.open} data-testid="new-deal">New deal</Button>
      )} />
  );
  if (!pipelines.data) return <>{header}<QueryState isPending={pipelines.isPending} error={pipelines.error} refetch={pipelines.refetch} /></>;
  if (!list.length) {
    return (
      <>
        {header}
        <EmptyState icon={<IconLayoutKanban size={28} />} variant="light" title="No pipelines yet" description="Deals live in a pipeline of stages. Set one up first.">
          {can('pipelines:manage') && (
            <EmptyState.Actions><ButtonLink to="/settings/pipelines" leftSection={<IconSettings size={16} />}>Set up pipelines</ButtonLink></EmptyState.Actions>
          )}
        </EmptyState>
      </>
    );
  }

  return (
    <>
      {header}
      <Group gap="sm" mb="md" wrap="wrap">
        <Select aria-label="Pipeline" data={list.map((p) => ({ value: String(p.id), label: p.name }))} value={String(pipeline.id)} allowDeselect={false}
          onChange={(v) => setSearch({ pipelineId: Number(v) })} w={{ base: '100%', xs: 220 }} data-testid="pipeline-select" />
        {view === 'board' && can('users:read') && (
          <OwnerSelect label={null} placeholder="Any owner" value={ownerId} onChange={setOwnerId} testId="board-owner-filter" />
        )}
        <SegmentedControl ml={{ xs: 'auto' }} value={view} onChange={(v) => setSearch({ view: v === 'table' ? 'table' : undefined })} data-testid="deals-view"
          data={[
            { value: 'board', label: <Group gap={6} wrap="nowrap"><IconLayoutKanban size={16} />Board</Group> },
            { value: 'table', label: <Group gap={6} wrap="nowrap"><IconTable size={16} />Table</Group> },
          ]} />
      </Group>
      {view === 'board'
        ? <DealsBoard pipelineId={pipeline.id} ownerId={ownerId} canMove={can('deals:write')} onNewDeal={can('deals:write') ? modal.open : undefined} />
        : <DealsTable pipelineId={pipeline.id} stages={pipeline.stages} />}
      <NewDealModal key={pipeline.id} opened={modalOpen} onClose={modal.close} pipelines={list} pipelineId={pipeline.id}
        onCreated={view === 'table' ? (d) => navigate({ to: '/deals/$id', params: { id: String(d.id) } }) : undefined} />
    </>
  );
}
