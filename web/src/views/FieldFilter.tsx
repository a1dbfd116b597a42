import { ActionIcon, Button, Group, Select, TextInput, Tooltip } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';
import type { FilterOp } from '../contacts/api';
import { useCustomFields, type Entity } from '../settings/api';
import { needsValue, type BaseFilters } from './list-view';

export const OPS: { value: FilterOp; label: string }[] = [
  { value: 'eq', label: 'equals' },
  { value: 'neq', label: 'does not equal' },
  { value: 'contains', label: 'contains' },
  { value: 'startsWith', label: 'starts with' },
  { value: 'gt', label: 'greater than' },
  { value: 'gte', label: 'at least' },
  { value: 'lt', label: 'less than' },
  { value: 'lte', label: 'at most' },
  { value: 'isEmpty', label: 'is empty' },
  { value: 'isNotEmpty', label: 'is not empty' },
];

/**
 * Field, operator and value: one condition on a built-in field or a custom one, the same on
 * every list. `onClear` shows the clear-all button once any filter is set.
 */
export function FieldFilterRow<F extends BaseFilters>({ entity, group, standard, value, onChange, onClear }: {
  entity: Entity;
  group: string;
  standard: { value: string; label: string }[];
  value: F;
  onChange: (patch: Partial<BaseFilters>) => void;
  onClear?: () => void;
}) {
  const fields = useCustomFields(entity);
  const fieldOptions = [
    { group, items: standard },
    ...(fields.data?.length ? [{ group: 'Custom fields', items: fields.data.map((f) => ({ value: `custom.${f.key}`, label: f.label })) }] : []),
  ];
  return (
    <Group gap="sm" mt="sm" align="flex-start" wrap="wrap">
      <Select placeholder="Field" aria-label="Filter field" data={fieldOptions} value={value.field} clearable searchable
        onChange={(field) => onChange({ field, op: value.op ?? (field ? 'eq' : null) })} w={{ base: '100%', sm: 200 }} data-testid="filter-field" />
      <Select placeholder="Operator" aria-label="Filter operator" data={OPS} value={value.op} disabled={!value.field}
        onChange={(op) => onChange({ op: op as FilterOp | null })} w={{ base: '100%', sm: 170 }} allowDeselect={false} data-testid="filter-op" />
      {needsValue(value.op) && (
        <TextInput placeholder="Value" aria-label="Filter value" value={value.value} disabled={!value.field}
          onChange={(e) => onChange({ value: e.currentTarget.value })} w={{ base: '100%', sm: 200 }} data-testid="filter-value" />
      )}
      {onClear && (
        <>
          <Tooltip label="Clear filters">
            <ActionIcon variant="subtle" color="gray" size="lg" onClick={onClear} aria-label="Clear filters" visibleFrom="sm">
              <IconFilterOff size={18} />
            </ActionIcon>
          </Tooltip>
          <Button variant="subtle" color="gray" hiddenFrom="sm" onClick={onClear}>Clear filters</Button>
        </>
      )}
    </Group>
  );
}
