import { ActionIcon, Badge, EmptyState, Group, Paper, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight, IconHistory } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { DataTable } from '../components/DataTable';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { formatDateTime } from '../lib/format';
import { useAuditLog, type AuditEntry } from './api';
import { JsonDiff } from './JsonDiff';

const col = createColumnHelper<AuditEntry>();
const ACTION_COLOR: Record<string, string> = { create: 'teal', created: 'teal', update: 'indigo', updated: 'indigo', delete: 'red', deleted: 'red' };
const ENTITIES = [
  'contact', 'company', 'deal', 'activity', 'note', 'list', 'segment', 'form', 'campaign', 'email_template', 'pipeline',
  'custom_field', 'saved_view', 'bulk_operation', 'user', 'invite', 'api_key', 'import', 'workspace',
].map((value) => ({ value, label: kindOf(value) }));

/** "email_template" → "email template": the kind as a person reads it. */
function kindOf(entity: string) {
  return entity.replace(/_/g, ' ');
}

export function AuditPage() {
  const [entity, setEntity] = useState<string | null>(null);
  const [entityId, setEntityId] = useState('');
  const [id] = useDebouncedValue(entityId.trim(), 300);
  const log = useAuditLog({ entity: entity ?? undefined, entityId: id || undefined });
  const rows = useMemo(() => log.data?.pages.flatMap((p) => p.data) ?? [], [log.data]);
  const [expanded, setExpanded] = useState<Record<string, boolean>>({});
  const toggle = (k: string) => setExpanded((e) => ({ ...e, [k]: !e[k] }));

  const columns = [
    col.display({
      id: 'expand', header: '',
      cell: (c) => (
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Show changes" data-testid="audit-expand"
          onClick={(e) => { e.stopPropagation(); toggle(c.row.id); }}>
          {expanded[c.row.id] ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
        </ActionIcon>
      ),
    }),
    col.accessor('createdAt', { header: 'When', cell: (c) => <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>{formatDateTime(c.getValue())}</Text> }),
    col.accessor((r) => r.actor?.name ?? r.actorLabel, { id: 'actor', header: 'Who', cell: (c) => <Text fz="sm">{c.getValue() || 'System'}</Text> }),
    col.accessor('entity', {
      header: 'Record',
      cell: (c) => {
        const { entityName, entityId } = c.row.original;
        // "deal Acme renewal"; the id only where the record has no name to show.
        return (
          <Group gap={4} wrap="nowrap" data-testid="audit-record">
            <Text fz="sm" c="dimmed">{kindOf(c.getValue())}</Text>
            {entityName ? <Text fz="sm" fw={500}>{entityName}</Text> : <Text fz="sm">#{entityId ?? '—'}</Text>}
          </Group>
        );
      },
    }),
    col.accessor('action', { header: 'Action', cell: (c) => <Badge color={ACTION_COLOR[c.getValue()] ?? 'gray'}>{c.getValue()}</Badge> }),
  ];

  return (
    <>
      <PageHeader title="Audit log" description="Every change in this workspace: who, when and what." />
      <Paper withBorder radius="md" p="sm" mb="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select placeholder="Any kind of record" aria-label="Kind of record" data={ENTITIES} value={entity} onChange={setEntity} clearable searchable />
          <TextInput placeholder="Entity id" aria-label="Entity id" value={entityId} onChange={(e) => setEntityId(e.currentTarget.value)} />
        </SimpleGrid>
      </Paper>
      {log.error ? <QueryState isPending={false} error={log.error} refetch={log.refetch} /> : (
        <DataTable data={rows} columns={columns} loading={log.isPending} getRowId={(r) => String(r.id)} testId="audit-table"
          onRowClick={(r) => toggle(String(r.id))} expanded={expanded} minWidth={560}
          renderExpanded={(row) => <JsonDiff before={row.original.before} after={row.original.after} />}
          empty={<EmptyState icon={<IconHistory size={28} />} title="No entries" description="Changes appear here as people work." />} />
      )}
      <LoadMore hasNextPage={log.hasNextPage} isFetchingNextPage={log.isFetchingNextPage} fetchNextPage={log.fetchNextPage} testId="audit-load-more" />
    </>
  );
}
