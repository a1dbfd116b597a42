import { Group, Loader, Paper, Text, Title } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { DataTable } from '../components/DataTable';
import type { Contact } from '../contacts/api';
import { contactColumns } from '../contacts/columns';
import { ApiError } from '../lib/http';

export const PREVIEW_LIMIT = 10;
const columns = contactColumns.filter((c) => ['name', 'email', 'company', 'tags'].includes(c.id ?? ''));

export type PreviewState = 'incomplete' | 'loading' | 'error' | 'ready';

/** The live count and the first matching contacts. */
export function PreviewPanel({ state, count, contacts, error, note }: {
  state: PreviewState;
  count: number | undefined;
  contacts: Contact[];
  error: unknown;
  note?: string;
}) {
  const navigate = useNavigate();
  const message = state === 'incomplete' ? 'Complete the conditions to see who matches.'
    : state === 'error' ? (error instanceof ApiError && Object.keys(error.fieldErrors()).length ? 'Fix the condition marked in red.' : (error as Error)?.message ?? 'Could not count')
    : note;
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" align="center" mb="sm" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <IconUsers size={20} color="var(--mantine-color-indigo-6)" />
          <Title order={3} fz="h4" data-testid="segment-count" data-state={state} data-count={count ?? ''}>
            {count === undefined ? '—' : `${count.toLocaleString()} contact${count === 1 ? '' : 's'}`}
          </Title>
          {state === 'loading' && <Loader size="xs" />}
        </Group>
        <Text fz="xs" c="dimmed" visibleFrom="xs">First {PREVIEW_LIMIT} shown</Text>
      </Group>
      {message && <Text fz="sm" c={state === 'error' ? 'red' : 'dimmed'} mb="sm" data-testid="segment-preview-message">{message}</Text>}
      <DataTable testId="segment-preview" data={state === 'incomplete' || state === 'error' ? [] : contacts} columns={columns} loading={state === 'loading' && !contacts.length}
        getRowId={(c) => String(c.id)} minWidth={0} hideOnMobile={['email', 'company']}
        onRowClick={(c) => navigate({ to: '/contacts/$id', params: { id: String(c.id) } })}
        empty={<Text c="dimmed" ta="center" fz="sm">{state === 'incomplete' || state === 'error' ? 'Nothing to show yet.' : 'No contact matches.'}</Text>} />
    </Paper>
  );
}
