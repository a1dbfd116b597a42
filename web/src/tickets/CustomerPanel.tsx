import { Badge, Card, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { AnchorLink } from '../components/links';
import { formatDate, formatRelative } from '../lib/format';
import { renderEvent, titleText } from '../timeline/render-event';
import type { CustomerView } from './api';
import { StatusBadge } from './TicketBadges';

const money = (value: number | null, currency: string) =>
  value == null ? '' : new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(value);

/**
 * Who the customer is and what else they have going on: other tickets, the latest of their
 * timeline, and deals when the reader's role sees deals (the server leaves `deals` null otherwise).
 */
export function CustomerPanel({ customer }: { customer: CustomerView }) {
  const { contact } = customer;
  return (
    <Card withBorder radius="md" p="md" data-testid="customer-panel">
      <Title order={2} fz="h5" mb="xs">Customer</Title>
      {contact ? (
        <Stack gap={2}>
          <AnchorLink to="/contacts/$id" params={{ id: String(contact.id) }} fw={600}>{contact.name || contact.email}</AnchorLink>
          {contact.email && <Text fz="sm">{contact.email}</Text>}
          {contact.phone && <Text fz="sm">{contact.phone}</Text>}
          {contact.company && <Text fz="sm" c="dimmed">{contact.company}</Text>}
          {!!contact.tags.length && <Group gap={4} mt={4}>{contact.tags.map((t) => <Badge key={t} size="xs" variant="light" color="gray">{t}</Badge>)}</Group>}
        </Stack>
      ) : <Text fz="sm" c="dimmed">Your role does not show contact details.</Text>}

      <Divider my="sm" label="Other tickets" labelPosition="left" />
      {customer.otherTickets.length ? (
        <Stack gap={6} data-testid="customer-other-tickets">
          {customer.otherTickets.map((t) => (
            <Group key={t.id} justify="space-between" gap="xs" wrap="nowrap">
              <AnchorLink to="/tickets/$id" params={{ id: String(t.id) }} fz="sm" lineClamp={1}>#{t.id} {t.subject}</AnchorLink>
              <StatusBadge status={t.status} />
            </Group>
          ))}
        </Stack>
      ) : <Text fz="sm" c="dimmed">None.</Text>}

      {customer.deals && (
        <>
          <Divider my="sm" label="Deals" labelPosition="left" />
          {customer.deals.length ? customer.deals.map((d) => (
            <Group key={d.id} justify="space-between" gap="xs" wrap="nowrap">
              <AnchorLink to="/deals/$id" params={{ id: String(d.id) }} fz="sm" lineClamp={1}>{d.title}</AnchorLink>
              <Text fz="sm" c="dimmed">{money(d.value, d.currency)}</Text>
            </Group>
          )) : <Text fz="sm" c="dimmed">None.</Text>}
        </>
      )}

      <Divider my="sm" label="Recent activity" labelPosition="left" />
      {customer.recent.length ? (
        <Stack gap={6} data-testid="customer-recent">
          {customer.recent.slice(0, 10).map((e, i) => {
            const at = (e as { occurredAt?: string }).occurredAt;
            return (
              <div key={(e as { id?: number }).id ?? i}>
                <Text fz="sm" lineClamp={2}>{titleText(renderEvent(e))}</Text>
                {at && <Text fz="xs" c="dimmed" title={formatDate(at)}>{formatRelative(at)}</Text>}
              </div>
            );
          })}
        </Stack>
      ) : <Text fz="sm" c="dimmed">Nothing yet.</Text>}
    </Card>
  );
}
