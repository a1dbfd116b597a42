import { ActionIcon, Group, Paper, SimpleGrid, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { usePermissions } from '../auth/api';
import { OwnerSelect } from '../components/OwnerSelect';
import { FieldFilterRow } from '../views/FieldFilter';
import { EMPTY_BASE_FILTERS, type BaseFilters } from '../views/list-view';

export type FilterState = BaseFilters;
export const EMPTY_FILTERS: FilterState = EMPTY_BASE_FILTERS;

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
      {more && <FieldFilterRow entity="contact" group="Contact" standard={STANDARD_FIELDS} value={value} onChange={set}
        onClear={dirty ? () => onChange(EMPTY_FILTERS) : undefined} />}
    </Paper>
  );
}
