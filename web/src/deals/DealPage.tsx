import { Badge, Breadcrumbs, Button, Grid, Group, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconArrowBackUp, IconThumbDown, IconTrash, IconTrophy } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { ActivitiesPanel } from '../activities/ActivitiesPanel';
import { TimelinePanel } from '../activity/TimelinePanel';
import { usePermissions } from '../auth/api';
import { ConfirmButton } from '../components/ConfirmButton';
import { AnchorLink } from '../components/links';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatDate, formatDateTime } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { usePipelines } from '../pipelines/api';
import { useDeal, useDealStatus, useDeleteDeal } from './api';
import { STATUS_COLOR } from './columns';
import { CostsPanel } from './CostsPanel';
import { DealForm } from './DealForm';
import { LostDealModal } from './LostDealModal';
import { formatMoney } from './money';
import { StageHistory } from './StageHistory';
import { StageStepper } from './StageStepper';

export function DealPage({ id }: { id: number }) {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const deal = useDeal(id);
  const pipelines = usePipelines();
  const { move, close, reopen } = useDealStatus(id);
  const del = useDeleteDeal();
  const [lostOpen, lost] = useDisclosure(false);
  const d = deal.data;
  if (!d) return <QueryState isPending={deal.isPending} error={deal.error} refetch={deal.refetch} />;

  const write = can('deals:write');
  const stages = pipelines.data?.find((p) => p.id === d.pipelineId)?.stages ?? [];
  const statusLine = d.status === 'won' ? `Won ${formatDate(d.wonAt)}${d.salesCycleDays != null ? ` after ${d.salesCycleDays} days` : ''}`
    : d.status === 'lost' ? `Lost ${formatDate(d.lostAt)}${d.lostReason ? ` — ${d.lostReason.label}` : ''}${d.lostNote ? ` (${d.lostNote})` : ''}`
      : `${d.stage.name} · ${d.stage.probability}% · close ${formatDate(d.expectedCloseDate)}`;
  const onDelete = () => del.mutate(id, { onSuccess: () => { notifySuccess('Deal deleted'); navigate({ to: '/deals' }); } });

  return (
    <>
      <PageHeader
        above={<Breadcrumbs><AnchorLink to="/deals" search={{ pipelineId: d.pipelineId }} fz="sm">{d.pipeline.name}</AnchorLink><Text fz="sm">{d.title}</Text></Breadcrumbs>}
        title={
          <Group gap="sm" wrap="wrap">
            <span data-testid="deal-heading">{d.title}</span>
            <Badge size="lg" color={STATUS_COLOR[d.status]} data-testid="deal-status">{d.status}</Badge>
          </Group>
        }
        description={<><Text span fw={600} c="dark">{formatMoney(d.value, d.currency)}</Text> · <span data-testid="deal-status-line">{statusLine}</span></>}
        actions={<>
          {write && d.status === 'open' && <>
            <Button color="teal" leftSection={<IconTrophy size={16} />} loading={close.isPending && close.variables?.status === 'won'}
              onClick={() => close.mutate({ status: 'won' }, { onSuccess: () => notifySuccess('Deal won 🎉') })} data-testid="deal-won">Won</Button>
            <Button color="red" variant="light" leftSection={<IconThumbDown size={16} />} onClick={lost.open} data-testid="deal-lost">Lost</Button>
          </>}
          {write && d.status !== 'open' && (
            <Button variant="default" leftSection={<IconArrowBackUp size={16} />} loading={reopen.isPending}
              onClick={() => reopen.mutate(undefined, { onSuccess: () => notifySuccess('Deal reopened') })} data-testid="deal-reopen">Reopen</Button>
          )}
          {can('deals:delete') && (
            <ConfirmButton color="red" variant="subtle" leftSection={<IconTrash size={16} />} loading={del.isPending} testId="deal-delete"
              title="Delete deal" message={`Delete “${d.title}” with its history, costs and activities? This cannot be undone.`} confirmLabel="Delete" onConfirm={onDelete}>
              Delete
            </ConfirmButton>
          )}
        </>}
      />
      <Paper withBorder radius="md" p="md" mb="md">
        <StageStepper deal={d} stages={stages} canMove={write && !move.isPending}
          onMove={(stageId) => move.mutate(stageId, { onSuccess: (x) => notifySuccess(`Moved to ${x.stage.name}`) })} />
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <DealForm key={d.id} deal={d} readOnly={!write} />
            <ActivitiesPanel links={{ dealId: id }} />
            <CostsPanel deal={d} canWrite={write} />
            <StageHistory dealId={id} />
            <Text fz="xs" c="dimmed">Created {formatDateTime(d.createdAt)} · Updated {formatDateTime(d.updatedAt)}</Text>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <TimelinePanel kind="deals" id={id} />
        </Grid.Col>
      </Grid>
      <LostDealModal opened={lostOpen} onClose={lost.close} loading={close.isPending}
        onConfirm={(v) => close.mutate({ status: 'lost', ...v }, { onSuccess: () => { lost.close(); notifySuccess('Deal marked lost'); } })} />
    </>
  );
}
