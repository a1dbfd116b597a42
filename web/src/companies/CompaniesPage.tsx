import { Button, EmptyState, Paper, SimpleGrid, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconBuilding, IconPlus, IconSearch } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { usePermissions } from '../auth/api';
import { DataTable, type SortState } from '../components/DataTable';
import { LoadMore } from '../components/LoadMore';
import { OwnerSelect } from '../components/OwnerSelect';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { useCompanies, type CompanyListParams } from './api';
import { companyColumns } from './columns';
import { NewCompanyModal } from './NewCompanyModal';

export function CompaniesPage() {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState('');
  const [ownerId, setOwnerId] = useState<number | null>(null);
  const [sort, setSort] = useState<SortState>({ id: 'name', desc: false });
  const [modalOpen, modal] = useDisclosure(false);
  const [q] = useDebouncedValue(search.trim(), 300);
  const [t] = useDebouncedValue(tag.trim(), 300);

  const params: CompanyListParams = {
    q: q || undefined, tag: t || undefined, ownerId: ownerId == null ? undefined : String(ownerId),
    sort: sort.id as CompanyListParams['sort'], order: sort.desc ? 'desc' : 'asc',
  };
  const list = useCompanies(params);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);

  return (
    <>
      <PageHeader title="Companies" description="Organisations your contacts belong to."
        actions={can('companies:write') && <Button leftSection={<IconPlus size={16} />} onClick={modal.open} data-testid="new-company">New company</Button>} />
      <Paper withBorder radius="md" p="sm" mb="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput placeholder="Search name or domain…" leftSection={<IconSearch size={16} />} aria-label="Search companies"
            data-testid="companies-search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
          <TextInput placeholder="Tag" aria-label="Filter by tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)} />
          {can('users:read') && <OwnerSelect label={null} placeholder="Any owner" value={ownerId} onChange={setOwnerId} />}
        </SimpleGrid>
      </Paper>
      {list.error ? <QueryState isPending={false} error={list.error} refetch={list.refetch} /> : (
        <DataTable testId="companies-table" data={rows} columns={companyColumns} loading={list.isPending} getRowId={(c) => String(c.id)}
          onRowClick={(c) => navigate({ to: '/companies/$id', params: { id: String(c.id) } })}
          hideOnMobile={['domain', 'industry', 'phone', 'owner', 'tags']}
          sortable={['name', 'updatedAt']} sort={sort} onSortChange={setSort}
          empty={<EmptyState icon={<IconBuilding size={28} />} variant="light" title={q || t || ownerId ? 'No matching companies' : 'No companies yet'}
            description={q || t || ownerId ? 'Try a different search.' : 'Companies are created here or when you import contacts with a company column.'} />} />
      )}
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
      <NewCompanyModal opened={modalOpen} onClose={modal.close}
        onCreated={(c) => navigate({ to: '/companies/$id', params: { id: String(c.id) } })} />
    </>
  );
}
