import { Paper, Stack, Text, Title, UnstyledButton, Group, Avatar } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { LoadMore } from '../components/LoadMore';
import { QueryState } from '../components/QueryState';
import { useCompanyContacts } from './api';

export function CompanyContacts({ id }: { id: number }) {
  const navigate = useNavigate();
  const list = useCompanyContacts(id);
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Paper withBorder radius="md" p="md" data-testid="company-contacts">
      <Title order={3} fz="h5" mb="sm">People</Title>
      <QueryState isPending={list.isPending} error={list.error} />
      {!list.isPending && !rows.length && <Text c="dimmed" fz="sm">No contacts at this company yet.</Text>}
      <Stack gap={4}>
        {rows.map((c) => (
          <UnstyledButton key={c.id} p="xs" style={{ borderRadius: 6 }} className="hover-row"
            onClick={() => navigate({ to: '/contacts/$id', params: { id: String(c.id) } })}>
            <Group gap="sm" wrap="nowrap">
              <Avatar size="sm" radius="xl" color="indigo">{(c.fullName || '?').slice(0, 1)}</Avatar>
              <div style={{ minWidth: 0 }}>
                <Text fz="sm" fw={500} truncate>{c.fullName || c.email || `#${c.id}`}</Text>
                <Text fz="xs" c="dimmed" truncate>{[c.jobTitle, c.email].filter(Boolean).join(' · ') || '—'}</Text>
              </div>
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} />
    </Paper>
  );
}
