import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import { usePermissions } from '../auth/api';
import { LoadMore } from '../components/LoadMore';
import { QueryState } from '../components/QueryState';
import { formatMoney } from '../deals/money';
import { formatDate } from '../lib/format';
import { useContactOrderSummary, useOrders } from './api';
import { OrderCard } from './OrderCard';

/** A contact's orders with their lines and lifetime spend; renders nothing without orders:read. */
export function ContactOrdersPanel({ contactId }: { contactId: number }) {
  const { can } = usePermissions();
  const allowed = can('orders:read');
  const summary = useContactOrderSummary(contactId, allowed);
  const list = useOrders({ contactId }, 10, allowed);
  if (!allowed) return null;
  const orders = list.data?.pages.flatMap((p) => p.data) ?? [];
  const s = summary.data;
  return (
    <Paper withBorder radius="md" p="md" data-testid="contact-orders">
      <Group justify="space-between" align="baseline" mb="sm">
        <Title order={3} fz="h5">Orders</Title>
        {s && s.orders > 0 && (
          <Text fz="sm" data-testid="lifetime-spend">
            Lifetime spend <b>{s.spend.map((x) => formatMoney(x.amount, x.currency)).join(' + ')}</b>
          </Text>
        )}
      </Group>
      {s && s.orders > 0 && (
        <Text fz="xs" c="dimmed" mb="sm">
          {s.orders} {s.orders === 1 ? 'order' : 'orders'} · first {formatDate(s.firstOrderAt)} · last {formatDate(s.lastOrderAt)} · net of refunds, cancelled orders left out
        </Text>
      )}
      <QueryState isPending={list.isPending} error={list.error} />
      {!list.isPending && !orders.length && <Text c="dimmed" fz="sm">No orders yet.</Text>}
      <Stack gap={6}>
        {orders.map((o) => <OrderCard key={o.id} order={o} />)}
      </Stack>
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} testId="contact-orders-more" />
    </Paper>
  );
}
