import { EmptyState } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCoin } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { DataTable } from '../components/DataTable';
import { LoadMore } from '../components/LoadMore';
import { QueryState } from '../components/QueryState';
import type { Stage } from '../pipelines/api';
import { useDeals, type DealListParams } from './api';
import { dealColumns } from './columns';
import { DealFilters, EMPTY_DEAL_FILTERS, type DealFilterState } from './DealFilters';

type SortKey = NonNullable<DealListParams['sort']>;
const SORTABLE: SortKey[] = ['title', 'value', 'expectedCloseDate', 'updatedAt'];

export function DealsTable({ pipelineId, stages }: { pipelineId: number | null; stages: Stage[] }) {
  const navigate = useNavigate();
  const [filters, setFilters] = useState<DealFilterState>(EMPTY_DEAL_FILTERS);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'updatedAt', desc: true });
  const [f] = useDebouncedValue(filters, 300);
  const params: DealListParams = {
    q: f.search.trim() || undefined, status: f.status ?? undefined, ownerId: f.ownerId ?? undefined, tag: f.tag.trim() || undefined,
    stageId: f.stageId ?? undefined, pipelineId: pipelineId ?? undefined, sort: sort.key, order: sort.desc ? 'desc' : 'asc',
  };
  const list = useDeals(params);
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY_DEAL_FILTERS);
  return (
    <>
      <DealFilters value={filters} onChange={setFilters} stages={stages} />
      {list.error ? <QueryState isPending={false} error={list.error} refetch={list.refetch} /> : (
        <DataTable testId="deals-table" data={rows} columns={dealColumns} loading={list.isPending} getRowId={(d) => String(d.id)}
          onRowClick={(d) => navigate({ to: '/deals/$id', params: { id: String(d.id) } })}
          hideOnMobile={['value', 'stage', 'company', 'owner', 'tags', 'updatedAt', 'expectedCloseDate']}
          sortable={SORTABLE} sort={{ id: sort.key, desc: sort.desc }} onSortChange={(s) => setSort({ key: s.id as SortKey, desc: s.desc })}
          empty={<EmptyState icon={<IconCoin size={28} />} title={filtered ? 'No matching deals' : 'No deals yet'}
            description={filtered ? 'Try a different search or clear the filters.' : 'Create a deal to start tracking it.'} />} />
      )}
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} testId="deals-load-more" />
    </>
  );
}
