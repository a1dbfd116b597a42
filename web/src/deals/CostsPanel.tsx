import { ActionIcon, Button, Group, NumberInput, Paper, SimpleGrid, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { QueryState } from '../components/QueryState';
import { formatDate } from '../lib/format';
import { formErrors } from '../lib/form-errors';
import { useCostMutations, useDealCosts, type Deal } from './api';
import { formatMoney } from './money';

const today = () => new Date().toISOString().slice(0, 10);

function Figure({ label, value, color, testId }: { label: string; value: string; color?: string; testId: string }) {
  return (
    <div>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fw={700} fz="lg" c={color} data-testid={testId}>{value}</Text>
    </div>
  );
}

/** Costs recorded against the deal, and revenue / costs / margin (revenue counts once the deal is won). */
export function CostsPanel({ deal, canWrite }: { deal: Deal; canWrite: boolean }) {
  const costs = useDealCosts(deal.id);
  const { add, remove } = useCostMutations(deal.id);
  const [form, setForm] = useState({ label: '', amount: '' as number | string, date: today() });
  const errors = formErrors(add.error, ['label', 'amount', 'date']);
  const f = costs.data?.financials;
  const cur = f?.currency ?? deal.currency;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ label: form.label.trim(), amount: form.amount === '' ? NaN : Number(form.amount), date: form.date },
      { onSuccess: () => setForm({ label: '', amount: '', date: form.date }) });
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="costs-panel">
      <Title order={3} fz="h5" mb="sm">Costs and margin</Title>
      {f && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} mb="md">
          <Figure label={deal.status === 'won' ? 'Revenue' : 'Revenue (once won)'} value={formatMoney(deal.status === 'won' ? f.revenue : deal.value, cur)} testId="fin-revenue" />
          <Figure label="Costs" value={formatMoney(f.costs, cur)} testId="fin-costs" />
          <Figure label="Margin" value={formatMoney(deal.status === 'won' ? f.margin : deal.value - f.costs, cur)} testId="fin-margin"
            color={(deal.status === 'won' ? f.margin : deal.value - f.costs) < 0 ? 'red.9' : 'teal.9'} />
          <Figure label="Margin %" testId="fin-margin-percent"
            value={deal.status === 'won' ? (f.marginPercent == null ? '—' : `${f.marginPercent}%`) : deal.value ? `${Math.round(((deal.value - f.costs) / deal.value) * 1000) / 10}%` : '—'} />
        </SimpleGrid>
      )}
      <QueryState isPending={costs.isPending} error={costs.error} />
      {costs.data && costs.data.data.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table verticalSpacing={6} fz="sm" data-testid="costs-table">
            <Table.Thead><Table.Tr><Table.Th>Cost</Table.Th><Table.Th>Date</Table.Th><Table.Th ta="right">Amount</Table.Th><Table.Th w={40} /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {costs.data.data.map((c) => (
                <Table.Tr key={c.id} data-testid="cost-row">
                  <Table.Td>{c.label}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(c.date)}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>{formatMoney(c.amount, cur)}</Table.Td>
                  <Table.Td>{canWrite && (
                    <ActionIcon variant="subtle" color="red" aria-label={`Delete cost ${c.label}`} onClick={() => remove.mutate(c.id)} data-testid="cost-delete"><IconTrash size={15} /></ActionIcon>
                  )}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {costs.data && !costs.data.data.length && <Text c="dimmed" fz="sm">No costs recorded.</Text>}
      {canWrite && (
        <Group component="form" onSubmit={submit} gap="xs" mt="sm" align="flex-start" wrap="wrap">
          <TextInput placeholder="e.g. Travel" aria-label="Cost label" value={form.label} onChange={(e) => setForm({ ...form, label: e.currentTarget.value })}
            error={errors.field('label')} style={{ flex: '2 1 160px' }} data-testid="cost-label" />
          <NumberInput placeholder={`Amount (${cur})`} aria-label="Cost amount" min={0} decimalScale={2} value={form.amount}
            onChange={(amount) => setForm({ ...form, amount })} error={errors.field('amount')} style={{ flex: '1 1 110px' }} data-testid="cost-amount" />
          <TextInput type="date" aria-label="Cost date" value={form.date} onChange={(e) => setForm({ ...form, date: e.currentTarget.value })}
            error={errors.field('date')} style={{ flex: '1 1 140px' }} data-testid="cost-date" />
          <Button type="submit" variant="light" leftSection={<IconPlus size={14} />} loading={add.isPending} disabled={!form.label.trim()} data-testid="cost-add">Add cost</Button>
        </Group>
      )}
    </Paper>
  );
}
