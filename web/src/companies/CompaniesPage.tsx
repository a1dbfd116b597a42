import { Button, EmptyState, Group, Paper, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuilding, IconPlus, IconSearch } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { usePermissions } from '../auth/api';
import { DataTable } from '../components/DataTable';
import { LoadMore } from '../components/LoadMore';
import { OwnerSelect } from '../components/OwnerSelect';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { useCustomFields } from '../settings/api';
import { totalLabel, useListTotal } from '../views/api';
import { customColumns } from '../views/columns';
import { FieldFilterRow } from '../views/FieldFilter';
import { EMPTY_BASE_FILTERS, fieldFilters, useListView, type BaseFilters, type ListState } from '../views/list-view';
import { useListRows } from '../views/useKeepScroll';
import { headerOf, ViewControls } from '../views/ViewControls';
import { companyListQuery, useCompanies, type CompanyListParams } from './api';
import { companyColumns } from './columns';
import { NewCompanyModal } from './NewCompanyModal';

const STANDARD_FIELDS = [
  { value: 'name', label: 'Name' },
  { value: 'domain', label: 'Domain' },
  { value: 'phone', label: 'Phone' },
  { value: 'industry', label: 'Industry' },
  { value: 'createdAt', label: 'Created' },
  { value: 'updatedAt', label: 'Updated' },
];
const INITIAL: ListState<BaseFilters> = {
  filters: EMPTY_BASE_FILTERS, sort: { key: 'name', desc: false }, pageSize: 50,
  columns: ['name', 'domain', 'industry', 'phone', 'owner', 'contacts', 'tags', 'updatedAt'],
};

export function CompaniesPage() {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const [modalOpen, modal] = useDisclosure(false);
  const fields = useCustomFields('company');
  const view = useListView('company', INITIAL, fields.data);
  const { filters, sort, pageSize, columns: visible } = view.state;
  const set = (patch: Partial<BaseFilters>) => view.setFilters({ ...filters, ...patch });

  const params: CompanyListParams = useMemo(() => {
    const f = view.debounced;
    return {
      q: f.search.trim() || undefined, tag: f.tag.trim() || undefined, ownerId: f.ownerId == null ? undefined : String(f.ownerId),
      filters: fieldFilters(f, fields.data), sort: sort.key as CompanyListParams['sort'], order: sort.desc ? 'desc' : 'asc',
    };
  }, [view.debounced, sort, fields.data]);
  const list = useCompanies(params, pageSize);
  const rows = useListRows('companies', list);
  const { sort: _s, order: _o, ...countQuery } = companyListQuery(params);
  const total = useListTotal('company', countQuery);
  const allColumns = useMemo(() => [...companyColumns, ...customColumns<(typeof rows)[number]>(fields.data ?? [])], [fields.data]);

  return (
    <>
      <PageHeader title="Companies" description="Organisations your contacts belong to."
        actions={can('companies:write') && <Button leftSection={<IconPlus size={16} />} onClick={modal.open} data-testid="new-company">New company</Button>} />
      <Paper withBorder radius="md" p="sm" mb="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput placeholder="Search name or domain…" leftSection={<IconSearch size={16} />} aria-label="Search companies"
            data-testid="companies-search" value={filters.search} onChange={(e) => set({ search: e.currentTarget.value })} />
          <TextInput placeholder="Tag" aria-label="Filter by tag" value={filters.tag} onChange={(e) => set({ tag: e.currentTarget.value })} data-testid="filter-tag" />
          {can('users:read') && <OwnerSelect label={null} placeholder="Any owner" value={filters.ownerId} onChange={(ownerId) => set({ ownerId })} testId="filter-owner" />}
        </SimpleGrid>
        <FieldFilterRow entity="company" group="Company" standard={STANDARD_FIELDS} value={filters} onChange={set}
          onClear={view.dirty ? () => view.setFilters(EMPTY_BASE_FILTERS) : undefined} />
      </Paper>
      <Group justify="space-between" mb="xs">
        <Text fz="sm" c="gray.7" data-testid="companies-count">{totalLabel(total.data, 'company', 'companies')}</Text>
      </Group>
      <ViewControls entity="company" columns={allColumns.map((c) => ({ id: c.id!, label: headerOf(c) }))} view={view} />
      {list.error ? <QueryState isPending={false} error={list.error} refetch={list.refetch} /> : (
        <DataTable testId="companies-table" data={rows} columns={allColumns.filter((c) => visible.includes(c.id!))} loading={list.isPending}
          getRowId={(c) => String(c.id)} onRowClick={(c) => navigate({ to: '/companies/$id', params: { id: String(c.id) } })}
          hideOnMobile={['domain', 'industry', 'phone', 'owner', 'tags']}
          sortable={['name', 'updatedAt']} sort={{ id: sort.key, desc: sort.desc }} onSortChange={(s) => view.setSort({ key: s.id, desc: s.desc })}
          empty={<EmptyState icon={<IconBuilding size={28} />} variant="light" title={view.dirty ? 'No matching companies' : 'No companies yet'}
            description={view.dirty ? 'Try a different search or clear the filters.' : 'Companies are created here or when you import contacts with a company column.'} />} />
      )}
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} testId="companies-load-more" auto />
      <NewCompanyModal opened={modalOpen} onClose={modal.close}
        onCreated={(c) => navigate({ to: '/companies/$id', params: { id: String(c.id) } })} />
    </>
  );
}
