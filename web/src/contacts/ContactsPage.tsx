import { ActionIcon, Button, EmptyState, Group, Menu, Select, Text, Tooltip } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
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
import { contactsExportUrl, useContacts, type ContactListParams, type ContactsSearch } from './api';
import { contactColumns } from './columns';
import { ContactFilters, EMPTY_FILTERS, needsValue, type FilterState } from './ContactFilters';
import { NewContactModal } from './NewContactModal';

type SortKey = NonNullable<ContactListParams['sort']>;
const SORTS: { value: SortKey; label: string }[] = [
  { value: 'name', label: 'Name' },
  { value: 'email', label: 'Email' },
  { value: 'createdAt', label: 'Created' },
  { value: 'updatedAt', label: 'Updated' },
];
const COLUMN_SORT: Record<string, SortKey> = { name: 'name', email: 'email', updatedAt: 'updatedAt' };

export function ContactsPage() {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<FilterState>(EMPTY_FILTERS);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'updatedAt', desc: true });
  const [modalOpen, modal] = useDisclosure(false);
  const [debounced] = useDebouncedValue(filters, 300);
  const { segmentId } = useSearch({ strict: false }) as ContactsSearch;
  const setSegment = (id: number | undefined) => navigate({ to: '/contacts', search: id ? { segmentId: id } : {} });

  const fields = useCustomFields('contact');
  const params: ContactListParams = useMemo(() => {
    const f = debounced;
    const rowReady = f.field && f.op && (!needsValue(f.op) || f.value !== '');
    // Number and yes/no custom fields compare typed values, not text.
    const type = fields.data?.find((cf) => `custom.${cf.key}` === f.field)?.type;
    const value = type === 'number' && f.value.trim() !== '' && !Number.isNaN(Number(f.value)) ? Number(f.value)
      : type === 'boolean' ? /^(true|yes|1)$/i.test(f.value.trim()) : f.value;
    return {
      q: f.search.trim() || undefined,
      tag: f.tag.trim() || undefined,
      ownerId: f.ownerId == null ? undefined : String(f.ownerId),
      filters: rowReady ? [{ field: f.field!, op: f.op!, ...(needsValue(f.op) ? { value } : {}) }] : undefined,
      sort: sort.key,
      order: sort.desc ? 'desc' : 'asc',
      segmentId,
    };
  }, [debounced, sort, fields.data, segmentId]);

  const list = useContacts(params);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const filtered = JSON.stringify(filters) !== JSON.stringify(EMPTY_FILTERS) || segmentId !== undefined;

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
      <ContactFilters value={filters} onChange={setFilters} />
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fz="sm" c="dimmed" data-testid="contacts-count">
            {list.isPending ? 'Loading…' : `${rows.length}${list.hasNextPage ? '+' : ''} contact${rows.length === 1 ? '' : 's'}`}
          </Text>
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
      {list.error ? (
        <QueryState isPending={false} error={list.error} refetch={list.refetch} />
      ) : (
        <DataTable testId="contacts-table" data={rows} columns={contactColumns} loading={list.isPending}
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
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} testId="contacts-load-more" />
      <NewContactModal opened={modalOpen} onClose={modal.close}
        onCreated={(c) => navigate({ to: '/contacts/$id', params: { id: String(c.id) } })} />
    </>
  );
}
