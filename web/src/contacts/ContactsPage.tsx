import { ActionIcon, Button, EmptyState, Group, Menu, Select, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAddressBook, IconCopy, IconDots, IconDownload, IconFileImport, IconPlus, IconSortAscending, IconSortDescending,
} from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { usePermissions } from '../auth/api';
import { useCustomFields } from '../settings/api';
import { DataTable } from '../components/DataTable';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { ButtonLink } from '../components/links';
import { SegmentChip, SegmentViewSelect } from '../segments/SegmentView';
import { contactListQuery, contactsExportUrl, useContacts, type ContactListParams, type ContactsSearch } from './api';
import { contactColumns } from './columns';
import { ContactFilters, EMPTY_FILTERS, type FilterState } from './ContactFilters';
import { NewContactModal } from './NewContactModal';
import { BulkActionsBar } from '../components/bulk-actions';
import { querySelection } from '../components/bulk-api';
import { customColumns, selectionColumn } from '../views/columns';
import { totalLabel, useListTotal } from '../views/api';
import { fieldFilters, useListView, type ListState } from '../views/list-view';
import { useListRows } from '../views/useKeepScroll';
import { headerOf, ViewControls } from '../views/ViewControls';

const DEFAULT_COLUMNS = ['name', 'email', 'phone', 'company', 'owner', 'tags', 'updatedAt'];

type SortKey = NonNullable<ContactListParams['sort']>;
const SORTS: { value: SortKey; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'email', label: 'Email' },
  { value: 'createdAt', label: 'Created' },
  { value: 'updatedAt', label: 'Updated' },
];
const COLUMN_SORT: Record<string, SortKey> = { name: 'name', email: 'email', updatedAt: 'updatedAt' };

const INITIAL: ListState<FilterState> = { filters: EMPTY_FILTERS, sort: { key: 'updatedAt', desc: true }, pageSize: 50, columns: DEFAULT_COLUMNS };

export function ContactsPage() {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const [modalOpen, modal] = useDisclosure(false);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const { segmentId } = useSearch({ strict: false }) as ContactsSearch;
  const setSegment = (id: number | undefined) => navigate({ to: '/contacts', search: id ? { segmentId: id } : {} });

  const fields = useCustomFields('contact');
  const view = useListView('contact', INITIAL, fields.data);
  const { filters, pageSize, columns: visible } = view.state;
  const sort = view.state.sort as { key: SortKey; desc: boolean };
  const params: ContactListParams = useMemo(() => {
    const f = view.debounced;
    return {
      q: f.search.trim() || undefined,
      tag: f.tag.trim() || undefined,
      ownerId: f.ownerId == null ? undefined : String(f.ownerId),
      filters: fieldFilters(f, fields.data),
      sort: sort.key,
      order: sort.desc ? 'desc' : 'asc',
      segmentId,
    };
  }, [view.debounced, sort, fields.data, segmentId]);

  const list = useContacts(params, pageSize);
  const rows = useListRows('contacts', list);
  const { sort: _s, order: _o, ...countQuery } = contactListQuery(params);
  const total = useListTotal('contact', countQuery);
  const allColumns = useMemo(() => [...contactColumns, ...customColumns<(typeof rows)[number]>(fields.data ?? [])], [fields.data]);
  const toggle = (ids: number[], on: boolean) => {
    setAllMatching(false);
    setSelected((prev) => { const next = new Set(prev); for (const id of ids) on ? next.add(id) : next.delete(id); return next; });
  };
  const clearSelection = () => { setSelected(new Set()); setAllMatching(false); };
  const shown = [selectionColumn(rows, selected, toggle), ...allColumns.filter((c) => visible.includes(c.id!))];
  const setSort = view.setSort;
  const filtered = view.dirty || segmentId !== undefined;

  const exportUrl = contactsExportUrl(params);
  const actions = (
    <>
      {can('contacts:write') && (
        <Button variant="default" visibleFrom="sm" leftSection={<IconCopy size={16} />} data-testid="duplicates-link"
          onClick={() => navigate({ to: '/contacts/duplicates' })}>Duplicates</Button>
      )}
      {can('imports:run') && (
        <Button variant="default" visibleFrom="sm" leftSection={<IconFileImport size={16} />} data-testid="import-link"
          onClick={() => navigate({ to: '/imports/new' })}>Import</Button>
      )}
      {can('exports:run') && (
        <Button variant="default" visibleFrom="sm" leftSection={<IconDownload size={16} />} component="a" href={exportUrl}
          download data-testid="export-csv">Export CSV</Button>
      )}
      {can('contacts:write') && (
        <Button leftSection={<IconPlus size={16} />} onClick={modal.open} data-testid="new-contact">New contact</Button>
      )}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="default" size="lg" hiddenFrom="sm" aria-label="More actions"><IconDots size={18} /></ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {can('imports:run') && (
            <Menu.Item leftSection={<IconFileImport size={16} />} onClick={() => navigate({ to: '/imports/new' })}>Import CSV</Menu.Item>
          )}
          {can('exports:run') && (
            <Menu.Item leftSection={<IconDownload size={16} />} component="a" href={exportUrl} download>Export CSV</Menu.Item>
          )}
          {can('contacts:write') && (
            <Menu.Item leftSection={<IconCopy size={16} />} onClick={() => navigate({ to: '/contacts/duplicates' })}>Find duplicates</Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
    </>
  );

  return (
    <>
      <PageHeader title="Contacts" description="People you do business with." actions={actions} />
      <ContactFilters value={filters} onChange={view.setFilters} />
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fz="sm" c="gray.7" data-testid="contacts-count">{totalLabel(total.data, 'contact', 'contacts')}</Text>
          {selected.size > 0 && !allMatching && total.data && total.data.count > selected.size && (
            <Button size="compact-xs" variant="subtle" onClick={() => setAllMatching(true)} data-testid="select-all-matching">
              Select all {totalLabel(total.data, 'contact', 'contacts')}
            </Button>
          )}
          <SegmentChip segmentId={segmentId} onClear={() => setSegment(undefined)} />
        </Group>
        <Group gap={6}>
          <SegmentViewSelect value={segmentId} onChange={setSegment} />
          <Select size="xs" w={120} data={SORTS} value={sort.key} allowDeselect={false} aria-label="Sort by" data-testid="contacts-sort"
            onChange={(v) => v && setSort({ ...sort, key: v as SortKey })} />
          <Tooltip label={sort.desc ? 'Descending' : 'Ascending'}>
            <ActionIcon variant="default" onClick={() => setSort({ ...sort, desc: !sort.desc })} aria-label="Toggle sort order" data-testid="contacts-order">
              {sort.desc ? <IconSortDescending size={16} /> : <IconSortAscending size={16} />}
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <ViewControls entity="contact" columns={allColumns.map((c) => ({ id: c.id!, label: headerOf(c) }))} view={view} />
      <BulkActionsBar selection={allMatching ? querySelection(params) : { mode: 'ids', ids: [...selected] }}
        count={allMatching ? (total.data?.count ?? 0) : selected.size} onClear={clearSelection} />
      {list.error ? (
        <QueryState isPending={false} error={list.error} refetch={list.refetch} />
      ) : (
        <DataTable testId="contacts-table" data={rows} columns={shown} loading={list.isPending}
          getRowId={(c) => String(c.id)} onRowClick={(c) => navigate({ to: '/contacts/$id', params: { id: String(c.id) } })}
          hideOnMobile={['phone', 'company', 'owner', 'tags', 'email']}
          sortable={Object.keys(COLUMN_SORT)} sort={{ id: Object.keys(COLUMN_SORT).find((k) => COLUMN_SORT[k] === sort.key) ?? '', desc: sort.desc }}
          onSortChange={(s) => setSort({ key: COLUMN_SORT[s.id], desc: s.desc })}
          empty={filtered ? (
            <EmptyState icon={<IconAddressBook size={28} />} title="No matching contacts" description="Try a different search or clear the filters." />
          ) : (
            <EmptyState icon={<IconAddressBook size={28} />} title="No contacts yet" variant="light"
              description="Add your first contact or import a CSV file.">
              <EmptyState.Actions>
                {can('contacts:write') && <Button onClick={modal.open} leftSection={<IconPlus size={16} />}>New contact</Button>}
                {can('imports:run') && <ButtonLink to="/imports/new" variant="default" leftSection={<IconFileImport size={16} />}>Import CSV</ButtonLink>}
              </EmptyState.Actions>
            </EmptyState>
          )} />
      )}
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} testId="contacts-load-more" auto />
      <NewContactModal opened={modalOpen} onClose={modal.close}
        onCreated={(c) => navigate({ to: '/contacts/$id', params: { id: String(c.id) } })} />
    </>
  );
}
