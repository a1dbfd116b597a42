import { ActionIcon, Paper, Select, SimpleGrid, TextInput, Tooltip } from '@mantine/core';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { usePermissions } from '../auth/api';
import { OwnerSelect } from '../components/OwnerSelect';
import type { Stage } from '../pipelines/api';
import type { DealStatus } from './api';

export interface DealFilterState {
  search: string;
  status: DealStatus | null;
  ownerId: number | null;
  stageId: number | null;
  tag: string;
}

export const EMPTY_DEAL_FILTERS: DealFilterState = { search: '', status: null, ownerId: null, stageId: null, tag: '' };

const STATUSES = [{ value: 'open', label: 'Open' }, { value: 'won', label: 'Won' }, { value: 'lost', label: 'Lost' }];

/** Search, status, owner, stage and tag: the same filter bar as contacts, for the deals table. */
export function DealFilters({ value, onChange, stages }: { value: DealFilterState; onChange: (f: DealFilterState) => void; stages: Stage[] }) {
  const { can } = usePermissions();
  const set = (patch: Partial<DealFilterState>) => onChange({ ...value, ...patch });
  const dirty = JSON.stringify(value) !== JSON.stringify(EMPTY_DEAL_FILTERS);
  return (
    <Paper withBorder radius="md" p="sm" mb="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
        <TextInput placeholder="Search deals…" leftSection={<IconSearch size={16} />} aria-label="Search deals" data-testid="deals-search"
          value={value.search} onChange={(e) => set({ search: e.currentTarget.value })} />
        <Select placeholder="Any status" aria-label="Filter by status" data={STATUSES} clearable value={value.status}
          onChange={(v) => set({ status: v as DealStatus | null })} data-testid="deals-filter-status" />
        {can('users:read') && (
          <OwnerSelect label={null} placeholder="Any owner" value={value.ownerId} onChange={(ownerId) => set({ ownerId })} testId="deals-filter-owner" />
        )}
        <Select placeholder="Any stage" aria-label="Filter by stage" clearable data={stages.map((s) => ({ value: String(s.id), label: s.name }))}
          value={value.stageId == null ? null : String(value.stageId)} onChange={(v) => set({ stageId: v ? Number(v) : null })} data-testid="deals-filter-stage" />
        <TextInput placeholder="Tag" aria-label="Filter by tag" value={value.tag} onChange={(e) => set({ tag: e.currentTarget.value })} data-testid="deals-filter-tag"
          rightSection={dirty ? (
            <Tooltip label="Clear filters"><ActionIcon variant="subtle" color="gray" onClick={() => onChange(EMPTY_DEAL_FILTERS)} aria-label="Clear filters"><IconFilterOff size={16} /></ActionIcon></Tooltip>
          ) : undefined} />
      </SimpleGrid>
    </Paper>
  );
}
