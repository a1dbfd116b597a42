import { Autocomplete, Group, NumberInput, Select, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ReactNode } from 'react';
import type { PartError } from '../segments/EventEditor';
import { useBuilderOptions } from '../segments/api';
import { COMMON_CURRENCIES } from '../deals/money';
import { useProductSearch } from './api';
import type { OrderCondition } from './order-condition';

const W = { base: '100%', sm: 150 } as const;
const WHAT = [
  { value: 'count', label: 'Number of orders' }, { value: 'spend', label: 'Total spend' },
  { value: 'lastOrder', label: 'Last order' }, { value: 'bought', label: 'Bought' },
];
const CMP = [{ value: 'gte', label: 'at least' }, { value: 'gt', label: 'more than' }, { value: 'lte', label: 'at most' }, { value: 'lt', label: 'less than' }, { value: 'eq', label: 'exactly' }];
const LAST = [{ value: 'inLast', label: 'in the last … days' }, { value: 'notInLast', label: 'more than … days ago' }, { value: 'before', label: 'before' }, { value: 'after', label: 'after' }];
const BOUGHT = [{ value: 'category', label: 'a product of category' }, { value: 'sku', label: 'the product' }];

const whatOf = (c: OrderCondition) => (c.type === 'orders' ? c.metric : c.type);

/** The inputs of one order condition, in the builder's row; `fe` gives the server's message beside each input. */
export function OrderConditionEditor({ value: c, onChange, fe }: { value: OrderCondition; onChange: (next: OrderCondition) => void; fe: PartError }) {
  const onWhat = (w: string | null) => {
    if (!w || w === whatOf(c)) return;
    if (w === 'count' || w === 'spend') onChange({ type: 'orders', metric: w, op: 'gte', value: w === 'count' ? 1 : 100, ...(w === 'spend' ? { currency: 'EUR' } : {}) });
    else if (w === 'lastOrder') onChange({ type: 'lastOrder', op: 'inLast', days: 30 });
    else onChange({ type: 'bought', category: '' });
  };
  const days = (v: number | undefined, set: (d: number | undefined) => void) => (
    <NumberInput aria-label="In the last N days" placeholder="ever" leftSection={<Text fz="xs" c="dimmed" pl={6}>in last</Text>} leftSectionWidth={52}
      rightSection={<Text fz="xs" c="dimmed" pr={6}>days</Text>} rightSectionWidth={44} min={1} max={3650} allowDecimal={false} hideControls value={v ?? ''} w={{ base: '100%', sm: 160 }}
      onChange={(d) => set(typeof d === 'number' && d >= 1 ? d : undefined)} error={fe('withinDays')} data-testid="order-days" />
  );
  return (
    <>
      <Select aria-label="Order condition" data={WHAT} value={whatOf(c)} allowDeselect={false} w={W} onChange={onWhat} data-testid="order-what" />
      {c.type === 'orders' && (
        <>
          <Select aria-label="Comparison" data={CMP} value={c.op} allowDeselect={false} w={{ base: '100%', sm: 120 }} error={fe('op')}
            onChange={(op) => op && onChange({ ...c, op: op as typeof c.op })} data-testid="order-op" />
          {c.metric === 'count' ? (
            <NumberInput aria-label="Orders" min={0} allowDecimal={false} value={c.value} w={{ base: '100%', sm: 110 }} rightSection={<Text fz="xs" c="dimmed" pr={6}>orders</Text>}
              rightSectionWidth={52} hideControls onChange={(v) => onChange({ ...c, value: typeof v === 'number' ? v : 0 })} error={fe('value')} data-testid="order-value" />
          ) : (
            <Group gap={6} wrap="nowrap" w={{ base: '100%', sm: 'auto' }} align="flex-start">
              <NumberInput aria-label="Amount" min={0} decimalScale={2} thousandSeparator=" " value={c.value} w={{ base: '100%', sm: 120 }} miw={0} hideControls
                onChange={(v) => onChange({ ...c, value: typeof v === 'number' ? v : 0 })} error={fe('value')} data-testid="order-value" />
              <Select aria-label="Currency" data={COMMON_CURRENCIES} searchable allowDeselect={false} value={c.currency ?? null} w={96} miw={0}
                onChange={(cur) => onChange({ ...c, currency: cur ?? undefined })} error={fe('currency')} data-testid="order-currency" />
            </Group>
          )}
          {days(c.withinDays, (withinDays) => onChange({ ...c, withinDays }))}
        </>
      )}
      {c.type === 'lastOrder' && (
        <>
          <Select aria-label="When" data={LAST} value={c.op} allowDeselect={false} w={{ base: '100%', sm: 190 }} error={fe('op')} data-testid="order-op"
            onChange={(op) => op && onChange(op === 'before' || op === 'after' ? { type: 'lastOrder', op, value: 'value' in c ? c.value : '' } : { type: 'lastOrder', op: op as 'inLast', days: 'days' in c ? c.days : 30 })} />
          {'days' in c
            ? <NumberInput aria-label="Days" min={1} max={3650} allowDecimal={false} hideControls value={c.days} w={{ base: '100%', sm: 110 }} rightSection={<Text fz="xs" c="dimmed" pr={6}>days</Text>}
                rightSectionWidth={44} onChange={(d) => onChange({ ...c, days: typeof d === 'number' ? d : 0 })} error={fe('days')} data-testid="order-value" />
            : <TextInput aria-label="Date" type="date" value={c.value} w={W} onChange={(e) => onChange({ ...c, value: e.currentTarget.value })} error={fe('value')} data-testid="order-value" />}
        </>
      )}
      {c.type === 'bought' && <BoughtInputs c={c} onChange={onChange} fe={fe} days={days} />}
    </>
  );
}

type Bought = Extract<OrderCondition, { type: 'bought' }>;

/** Bought a category (the workspace's product categories offered) or a product (searched by SKU or name). */
function BoughtInputs({ c, onChange, fe, days }: { c: Bought; onChange: (next: OrderCondition) => void; fe: PartError; days: (v: number | undefined, set: (d: number | undefined) => void) => ReactNode }) {
  const by = c.sku !== undefined ? 'sku' : 'category';
  const categories = useBuilderOptions().data?.categories ?? [];
  const [q] = useDebouncedValue(c.sku ?? '', 250);
  const products = useProductSearch(by === 'sku' ? q : '');
  const names = new Map((products.data?.data ?? []).map((p) => [p.sku, p.name]));
  return (
    <>
      <Select aria-label="Bought what" data={BOUGHT} value={by} allowDeselect={false} w={{ base: '100%', sm: 190 }} data-testid="order-bought-by"
        onChange={(v) => v && v !== by && onChange(v === 'sku' ? { type: 'bought', sku: '', withinDays: c.withinDays } : { type: 'bought', category: '', withinDays: c.withinDays })} />
      {by === 'category' ? (
        <Autocomplete aria-label="Category" placeholder={categories.length ? 'Choose a category' : 'category'} data={categories} value={c.category ?? ''} w={W}
          onChange={(category) => onChange({ ...c, category })} error={fe('category') ?? fe('sku')} data-testid="order-category" />
      ) : (
        <Autocomplete aria-label="Product SKU" placeholder="SKU or product name" data={[...names.keys()]} value={c.sku ?? ''} w={{ base: '100%', sm: 200 }} limit={20}
          filter={({ options }) => options} // the server matched the SKU or the name already
          renderOption={({ option }) => <span>{option.value} <Text component="span" fz="xs" c="dimmed">{names.get(option.value)}</Text></span>}
          onChange={(sku) => onChange({ ...c, sku })} error={fe('sku')} data-testid="order-sku" />
      )}
      {days(c.withinDays, (withinDays) => onChange({ ...c, withinDays }))}
    </>
  );
}
