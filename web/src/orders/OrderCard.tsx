import { Badge, Collapse, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { formatMoney } from '../deals/money';
import { formatDateTime, humanize } from '../lib/format';
import { SOURCE_LABEL, STATUS_COLOR, type Order } from './api';

/** One order: its headline, and its lines on demand. */
export function OrderCard({ order: o }: { order: Order }) {
  const [open, { toggle }] = useDisclosure(false);
  const Chevron = open ? IconChevronDown : IconChevronRight;
  return (
    <div data-testid="order" style={{ borderRadius: 8, border: '1px solid var(--mantine-color-gray-3)' }}>
      <UnstyledButton onClick={toggle} aria-expanded={open} style={{ width: '100%', padding: '6px 8px' }}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Chevron size={14} aria-hidden />
            <div style={{ minWidth: 0 }}>
              <Text fz="sm" fw={500} truncate>Order {o.externalId}</Text>
              <Text fz="xs" c="dimmed">{formatDateTime(o.placedAt)} · {SOURCE_LABEL[o.source]} · {o.lines.length} {o.lines.length === 1 ? 'line' : 'lines'}</Text>
            </div>
          </Group>
          <Group gap={6} wrap="nowrap">
            <Text fz="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>{formatMoney(o.total, o.currency)}</Text>
            <Badge color={STATUS_COLOR[o.status]} variant="light" c="dark.8">{humanize(o.status)}</Badge>
          </Group>
        </Group>
      </UnstyledButton>
      <Collapse expanded={open}>
        <Table fz="xs" withRowBorders={false} verticalSpacing={2} px={8} pb={6} data-testid="order-lines">
          <Table.Thead>
            <Table.Tr><Table.Th>Item</Table.Th><Table.Th ta="right">Qty</Table.Th><Table.Th ta="right">Price</Table.Th><Table.Th ta="right">Total</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {o.lines.map((l) => (
              <Table.Tr key={l.position}>
                <Table.Td>{l.name}{l.sku ? <Text span c="dimmed" fz="xs"> · {l.sku}</Text> : null}{l.adHoc ? <Text span c="dimmed" fz="xs"> · not in the catalogue</Text> : null}</Table.Td>
                <Table.Td ta="right">{l.quantity}</Table.Td>
                <Table.Td ta="right">{formatMoney(l.unitPrice, o.currency)}</Table.Td>
                <Table.Td ta="right">{formatMoney(l.total, o.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text fz="xs" c="dimmed" px={8} pb={6}>
          Shipping {formatMoney(o.shipping, o.currency)} · Tax {formatMoney(o.tax, o.currency)}{o.discount ? ` · Discount ${formatMoney(o.discount, o.currency)}` : ''}
          {o.refunded ? ` · Refunded ${formatMoney(o.refunded, o.currency)}` : ''}
        </Text>
      </Collapse>
    </div>
  );
}
