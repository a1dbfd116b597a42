import { EmptyState, Group, Text } from '@mantine/core';
import { IconCoin } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { DataTable } from '../components/DataTable';
import { LoadMore } from '../components/LoadMore';
import { QueryState } from '../components/QueryState';
import type { Stage } from '../pipelines/api';
import { useCustomFields } from '../settings/api';
import { totalLabel, useListTotal } from '../views/api';
import { customColumns } from '../views/columns';
import { fieldFilters, useListView, type ListState } from '../views/list-view';
import { useListRows } from '../views/useKeepScroll';
import { headerOf, ViewControls } from '../views/ViewControls';
import { dealListQuery, useDeals, type DealListParams } from './api';
import { dealColumns } from './columns';
import { DealFilters, EMPTY_DEAL_FILTERS, type DealFilterState } from './DealFilters';

type SortKey = NonNullable<DealListParams['sort']>;
const SORTABLE: SortKey[] = ['title', 'value', 'expectedCloseDate', 'updatedAt'];
const INITIAL: ListState<DealFilterState> = {
  filters: EMPTY_DEAL_FILTERS, sort: { key: 'updatedAt', desc: true }, pageSize: 50,
  columns: ['title', 'value', 'stage', 'status', 'company', 'owner', 'expectedCloseDate', 'tags', 'updatedAt'],
};

export function DealsTable({ pipelineId, stages }: { pipelineId: number | null; stages: Stage[] }) {
  const navigate = useNavigate();
  const fields = useCustomFields('deal');
  const view = useListView('deal', INITIAL, fields.data);
  const { filters, sort, pageSize, columns: visible } = view.state;
  const params: DealListParams = useMemo(() => {
    const f = view.debounced;
    // A stage remembered from another pipeline is not one of this pipeline's.
    const stageId = f.stageId != null && stages.some((s) => s.id === f.stageId) ? f.stageId : undefined;
    return {
      q: f.search.trim() || undefined, status: f.status ?? undefined, ownerId: f.ownerId ?? undefined, tag: f.tag.trim() || undefined,
      stageId, pipelineId: pipelineId ?? undefined, filters: fieldFilters(f, fields.data), sort: sort.key as SortKey, order: sort.desc ? 'desc' : 'asc',
    };
  }, [view.debounced, sort, fields.data, stages, pipelineId]);
  const list = useDeals(params, pageSize);
  const rows = useListRows('deals', list);
  const { sort: _s, order: _o, ...countQuery } = dealListQuery(params);
  const total = useListTotal('deal', countQuery);
  const allColumns = useMemo(() => [...dealColumns, ...customColumns<(typeof rows)[number]>(fields.data ?? [])], [fields.data]);
  return (
    <>
      <DealFilters value={filters} onChange={view.setFilters} stages={stages} />
      <Group justify="space-between" mb="xs">
        <Text fz="sm" c="gray.7" data-testid="deals-count">{totalLabel(total.data, 'deal', 'deals')}</Text>
      </Group>
      <ViewControls entity="deal" columns={allColumns.map((c) => ({ id: c.id!, label: headerOf(c) }))} view={view} />
      {list.error ? <QueryState isPending={false} error={list.error} refetch={list.refetch} /> : (
        <DataTable testId="deals-table" data={rows} columns={allColumns.filter((c) => visible.includes(c.id!))} loading={list.isPending} getRowId={(d) => String(d.id)}
          onRowClick={(d) => navigate({ to: '/deals/$id', params: { id: String(d.id) } })}
          hideOnMobile={['value', 'stage', 'company', 'owner', 'tags', 'updatedAt', 'expectedCloseDate']}
          sortable={SORTABLE} sort={{ id: sort.key, desc: sort.desc }} onSortChange={(s) => view.setSort({ key: s.id, desc: s.desc })}
          empty={<EmptyState icon={<IconCoin size={28} />} title={view.dirty ? 'No matching deals' : 'No deals yet'}
            description={view.dirty ? 'Try a different search or clear the filters.' : 'Create a deal to start tracking it.'} />} />
      )}
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} testId="deals-load-more" auto />
    </>
  );
}
