import { ActionIcon, Button, Group, Paper, Select, SimpleGrid, TextInput, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { usePermissions } from '../auth/api';
import { OwnerSelect } from '../components/OwnerSelect';
import { useCustomFields } from '../settings/api';
import type { FilterOp } from './api';

export interface FilterState {
  search: string;
  tag: string;
  ownerId: number | null;
  field: string | null;
  op: FilterOp | null;
  value: string;
}

export const EMPTY_FILTERS: FilterState = { search: '', tag: '', ownerId: null, field: null, op: null, value: '' };

export const OPS: { value: FilterOp; label: string }[] = [
  { value: 'eq', label: 'equals' },
  { value: 'neq', label: 'does not equal' },
  { value: 'contains', label: 'contains' },
  { value: 'startsWith', label: 'starts with' },
  { value: 'gt', label: 'greater than' },
  { value: 'gte', label: 'at least' },
  { value: 'lt', label: 'less than' },
  { value: 'lte', label: 'at most' },
  { value: 'isEmpty', label: 'is empty' },
  { value: 'isNotEmpty', label: 'is not empty' },
];
export const needsValue = (op: FilterOp | null) => op !== 'isEmpty' && op !== 'isNotEmpty';

const STANDARD_FIELDS = [
  { value: 'firstName', label: 'First name' },
  { value: 'lastName', label: 'Last name' },
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
  { value: 'jobTitle', label: 'Job title' },
  { value: 'birthday', label: 'Birthday' },
];

export function ContactFilters({ value, onChange }: { value: FilterState; onChange: (f: FilterState) => void }) {
  const { can } = usePermissions();
  const fields = useCustomFields('contact');
  const fieldOptions = [
    { group: 'Contact', items: STANDARD_FIELDS },
    ...(fields.data?.length ? [{ group: 'Custom fields', items: fields.data.map((f) => ({ value: `custom.${f.key}`, label: f.label })) }] : []),
  ];
  const set = (patch: Partial<FilterState>) => onChange({ ...value, ...patch });
  const dirty = JSON.stringify(value) !== JSON.stringify(EMPTY_FILTERS);
  // On phones only the search box shows until the user asks for more filters.
  const mobile = useMediaQuery('(max-width: 48em)');
  const [expanded, setExpanded] = useState(false);
  const more = !mobile || expanded || value.tag !== '' || value.field !== null || value.ownerId !== null;

  return (
    <Paper withBorder radius="md" p="sm" mb="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Group gap="xs" wrap="nowrap">
          <TextInput placeholder="Search name, email, phone…" leftSection={<IconSearch size={16} />} aria-label="Search contacts" style={{ flex: 1 }}
            data-testid="contacts-search" value={value.search} onChange={(e) => set({ search: e.currentTarget.value })} />
          {mobile && (
            <ActionIcon variant={more ? 'light' : 'default'} size="lg" aria-label="More filters" onClick={() => setExpanded(!expanded)} data-testid="filters-toggle">
              <IconAdjustmentsHorizontal size={18} />
            </ActionIcon>
          )}
        </Group>
        {more && <>
        <TextInput placeholder="Tag" aria-label="Filter by tag" data-testid="filter-tag" value={value.tag}
          onChange={(e) => set({ tag: e.currentTarget.value })} />
        {can('users:read') && (
          <OwnerSelect label={null} placeholder="Any owner" value={value.ownerId} onChange={(ownerId) => set({ ownerId })} testId="filter-owner" />
        )}
        </>}
      </SimpleGrid>
      {more && <Group gap="sm" mt="sm" align="flex-start" wrap="wrap">
        <Select placeholder="Field" aria-label="Filter field" data={fieldOptions} value={value.field} clearable searchable
          onChange={(field) => set({ field, op: value.op ?? (field ? 'eq' : null) })} w={{ base: '100%', sm: 200 }} data-testid="filter-field" />
        <Select placeholder="Operator" aria-label="Filter operator" data={OPS} value={value.op} disabled={!value.field}
          onChange={(op) => set({ op: op as FilterOp | null })} w={{ base: '100%', sm: 170 }} allowDeselect={false} data-testid="filter-op" />
        {needsValue(value.op) && (
          <TextInput placeholder="Value" aria-label="Filter value" value={value.value} disabled={!value.field}
            onChange={(e) => set({ value: e.currentTarget.value })} w={{ base: '100%', sm: 200 }} data-testid="filter-value" />
        )}
        {dirty && (
          <Tooltip label="Clear filters">
            <ActionIcon variant="subtle" color="gray" size="lg" onClick={() => onChange(EMPTY_FILTERS)} aria-label="Clear filters" visibleFrom="sm">
              <IconFilterOff size={18} />
            </ActionIcon>
          </Tooltip>
        )}
        {dirty && <Button variant="subtle" color="gray" hiddenFrom="sm" onClick={() => onChange(EMPTY_FILTERS)}>Clear filters</Button>}
      </Group>}
    </Paper>
  );
}
