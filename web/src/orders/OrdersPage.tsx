import { Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { AnchorLink } from '../components/links';
import { LoadMore } from '../components/LoadMore';
import { PageHeader } from '../components/PageHeader';
import { QueryState } from '../components/QueryState';
import { humanize } from '../lib/format';
import { useOrders, type OrderStatus } from './api';
import { OrderCard } from './OrderCard';

const FILTERS = ['all', 'paid', 'fulfilled', 'pending', 'partially_refunded', 'refunded', 'cancelled'] as const;

/** Every order of the workspace, newest first, with its customer. */
export function OrdersPage() {
  const [status, setStatus] = useState<(typeof FILTERS)[number]>('all');
  const list = useOrders({ status: status === 'all' ? undefined : (status as OrderStatus) }, 25);
  const orders = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <>
      <PageHeader title="Orders" description="From the API, CSV imports and the Shopify and WooCommerce webhooks" />
      <SegmentedControl mb="md" value={status} onChange={(v) => setStatus(v as typeof status)} aria-label="Order status"
        data={FILTERS.map((f) => ({ value: f, label: f === 'all' ? 'All' : humanize(f) }))} />
      <QueryState isPending={list.isPending} error={list.error} refetch={list.refetch} />
      {!list.isPending && !orders.length && <Text c="dimmed">No orders.</Text>}
      <Stack gap={6} maw={900}>
        {orders.map((o) => (
          <Stack key={o.id} gap={2}>
            <OrderCard order={o} />
            <Group gap={4} pl={8}>
              <Text fz="xs" c="dimmed">Customer:</Text>
              {o.contactId
                ? <AnchorLink to="/contacts/$id" params={{ id: String(o.contactId) }} fz="xs">{o.customer.email ?? o.customer.externalId ?? 'contact'}</AnchorLink>
                : <Text fz="xs" c="dimmed">{o.customer.email ?? 'unknown'}</Text>}
            </Group>
          </Stack>
        ))}
      </Stack>
      <LoadMore hasNextPage={list.hasNextPage} isFetchingNextPage={list.isFetchingNextPage} fetchNextPage={list.fetchNextPage} testId="orders-more" />
    </>
  );
}
