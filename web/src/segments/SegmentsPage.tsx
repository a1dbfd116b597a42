import { ActionIcon, Alert, Badge, Button, EmptyState, Group, Text, Tooltip } from '@mantine/core';
import { IconFilter, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { usePermissions } from '../auth/api';
import { ConfirmModal } from '../components/ConfirmButton';
import { DataTable } from '../components/DataTable';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { AnchorLink } from '../components/links';
import { ApiError } from '../lib/http';
import { formatRelative } from '../lib/format';
import { notifySuccess } from '../lib/notify';
import { SEGMENTS_DELETE, SEGMENTS_WRITE, useDeleteSegment, useRecountSegment, useSegments, type Segment } from './api';

const col = createColumnHelper<Segment>();

export function SegmentsPage() {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const list = useSegments();
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const remove = useDeleteSegment();
  const recount = useRecountSegment();
  const [confirm, setConfirm] = useState<Segment | null>(null);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [blocked, setBlocked] = useState<{ segment: Segment; message: string; usedBy: number[] } | null>(null);
  const writable = can(SEGMENTS_WRITE);

  const onDelete = (s: Segment) => {
    setBlocked(null);
    remove.mutate(s.id, {
      onSuccess: () => notifySuccess(`Segment “${s.name}” deleted`),
      onError: (err) => {
        const usedBy = err instanceof ApiError && Array.isArray(err.details?.usedBy) ? (err.details.usedBy as number[]) : [];
        setBlocked({ segment: s, message: err.message, usedBy });
      },
    });
  };

  const stop = (e: React.MouseEvent) => e.stopPropagation();
  const columns = [
    col.accessor('name', {
      id: 'name', header: 'Name',
      cell: (c) => (
        <>
          <Text fz="sm" fw={500} c="indigo.8">{c.getValue()}</Text>
          {c.row.original.description && <Text fz="xs" c="dimmed" lineClamp={1} maw={360}>{c.row.original.description}</Text>}
        </>
      ),
    }),
    col.accessor('kind', { id: 'kind', header: 'Kind', cell: (c) => <Badge color={c.getValue() === 'static' ? 'gray' : 'indigo'}>{c.getValue()}</Badge> }),
    col.accessor('lastCount', {
      id: 'count', header: 'Last count',
      cell: (c) => (
        <Group gap={4} wrap="nowrap">
          <Text fz="sm" data-testid="segment-row-count">{c.getValue() == null ? '—' : c.getValue()!.toLocaleString()}</Text>
          {c.row.original.lastCountedAt && <Text fz="xs" c="dimmed" visibleFrom="sm">({formatRelative(c.row.original.lastCountedAt)})</Text>}
        </Group>
      ),
    }),
    col.accessor('updatedAt', { id: 'updatedAt', header: 'Updated', cell: (c) => <Text fz="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{formatRelative(c.getValue())}</Text> }),
    col.display({
      id: 'actions', header: '',
      cell: (c) => (
        <Group gap={2} justify="flex-end" wrap="nowrap" onClick={stop}>
          <Tooltip label="Count now">
            <ActionIcon variant="subtle" color="gray" aria-label="Count now" loading={recount.isPending && recount.variables === c.row.original.id}
              onClick={() => recount.mutate(c.row.original.id)} data-testid="segment-recount"><IconRefresh size={16} /></ActionIcon>
          </Tooltip>
          {can(SEGMENTS_DELETE) && (
            <Tooltip label="Delete">
              <ActionIcon variant="subtle" color="red" aria-label="Delete segment" onClick={() => { setConfirm(c.row.original); setConfirmOpen(true); }} data-testid="segment-delete">
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      ),
    }),
  ];

  const nameOf = (id: number) => rows.find((r) => r.id === id)?.name ?? `#${id}`;
  return (
    <>
      <PageHeader title="Segments" description="Saved groups of contacts, by who they are and what they did."
        actions={writable && <Button leftSection={<IconPlus size={16} />} onClick={() => navigate({ to: '/segments/new' })} data-testid="new-segment">New segment</Button>} />
      {blocked && (
        <Alert color="red" mb="md" withCloseButton onClose={() => setBlocked(null)} title={`Cannot delete “${blocked.segment.name}”`} data-testid="segment-delete-error">
          <Text fz="sm">{blocked.message}</Text>
          {blocked.usedBy.length > 0 && (
            <Group gap="xs" mt={6}>
              <Text fz="sm">Used by:</Text>
              {blocked.usedBy.map((id) => (
                <AnchorLink key={id} to="/segments/$id" params={{ id: String(id) }} fz="sm" data-testid="segment-used-by">{nameOf(id)}</AnchorLink>
              ))}
            </Group>
          )}
        </Alert>
      )}
      {list.error ? <QueryState isPending={false} error={list.error} refetch={list.refetch} /> : (
        <DataTable testId="segments-table" data={rows} columns={columns} loading={list.isPending} getRowId={(s) => String(s.id)} minWidth={560}
          onRowClick={(s) => navigate({ to: '/segments/$id', params: { id: String(s.id) } })} hideOnMobile={['updatedAt', 'kind']}
          empty={<EmptyState icon={<IconFilter size={28} />} variant="light" title="No segments yet"
            description="A segment picks contacts by their fields, tags, owner and what they did; use it as a contacts view.">
            {writable && <EmptyState.Actions><Button leftSection={<IconPlus size={16} />} onClick={() => navigate({ to: '/segments/new' })}>New segment</Button></EmptyState.Actions>}
          </EmptyState>} />
      )}
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      <ConfirmModal opened={confirmOpen} onClose={() => setConfirmOpen(false)} title="Delete segment" confirmLabel="Delete" testId="segment-delete-confirm"
        message={<>Delete “{confirm?.name}”? Contacts are not affected.</>} onConfirm={() => confirm && onDelete(confirm)} />
    </>
  );
}
