import { Badge, Group, Paper, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { usePermissions } from '../auth/api';
import { LoadMore } from '../components/LoadMore';
import { QueryState } from '../components/QueryState';
import { useDeals } from './api';
import { STATUS_COLOR } from './columns';
import { formatMoney } from './money';

/** The deals of a contact or a company; renders nothing without deals:read. */
export function RelatedDeals({ contactId, companyId }: { contactId?: number; companyId?: number }) {
  const { can } = usePermissions();
  const navigate = useNavigate();
  const allowed = can('deals:read');
  const list = useDeals({ contactId, companyId, sort: 'updatedAt', order: 'desc' }, 10, allowed);
  if (!allowed) return null;
  const deals = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Paper withBorder radius="md" p="md" data-testid="related-deals">
      <Title order={3} fz="h5" mb="sm">Deals</Title>
      <QueryState isPending={list.isPending} error={list.error} />
      {!list.isPending && !deals.length && <Text c="dimmed" fz="sm">No deals yet.</Text>}
      <Stack gap={6}>
        {deals.map((d) => (
          <UnstyledButton key={d.id} onClick={() => navigate({ to: '/deals/$id', params: { id: String(d.id) } })} data-testid="related-deal"
            style={{ borderRadius: 8, padding: '6px 8px', border: '1px solid var(--mantine-color-gray-3)' }}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <div style={{ minWidth: 0 }}>
                <Text fz="sm" fw={500} truncate>{d.title}</Text>
                <Text fz="xs" c="dimmed">{d.pipeline.name} · {d.stage.name}</Text>
              </div>
              <Group gap={6} wrap="nowrap">
                <Text fz="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>{formatMoney(d.value, d.currency)}</Text>
                <Badge color={STATUS_COLOR[d.status]}>{d.status}</Badge>
              </Group>
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} testId="related-deals-more" />
    </Paper>
  );
}
