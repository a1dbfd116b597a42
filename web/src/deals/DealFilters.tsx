import { Paper, Select, SimpleGrid, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { usePermissions } from '../auth/api';
import { OwnerSelect } from '../components/OwnerSelect';
import type { Stage } from '../pipelines/api';
import { FieldFilterRow } from '../views/FieldFilter';
import { EMPTY_BASE_FILTERS, type BaseFilters } from '../views/list-view';
import type { DealStatus } from './api';

export interface DealFilterState extends BaseFilters {
  status: DealStatus | null;
  stageId: number | null;
}

export const EMPTY_DEAL_FILTERS: DealFilterState = { ...EMPTY_BASE_FILTERS, status: null, stageId: null };

const STATUSES = [{ value: 'open', label: 'Open' }, { value: 'won', label: 'Won' }, { value: 'lost', label: 'Lost' }];
const STANDARD_FIELDS = [
  { value: 'title', label: 'Title' },
  { value: 'currency', label: 'Currency' },
  { value: 'expectedCloseDate', label: 'Close date' },
  { value: 'closedAt', label: 'Closed' },
  { value: 'createdAt', label: 'Created' },
  { value: 'updatedAt', label: 'Updated' },
];

/** Search, status, owner, stage, tag and a field condition: the same filter bar as contacts, for the deals table. */
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
        <TextInput placeholder="Tag" aria-label="Filter by tag" value={value.tag} onChange={(e) => set({ tag: e.currentTarget.value })} data-testid="deals-filter-tag" />
      </SimpleGrid>
      <FieldFilterRow entity="deal" group="Deal" standard={STANDARD_FIELDS} value={value} onChange={set}
        onClear={dirty ? () => onChange(EMPTY_DEAL_FILTERS) : undefined} />
    </Paper>
  );
}
