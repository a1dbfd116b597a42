import { Checkbox, MultiSelect, Text } from '@mantine/core';
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import type { CustomField } from '../settings/api';

type Row = { id: number; custom: Record<string, unknown> };

/** A leading checkbox column: one row, or the whole loaded page from the header. */
export function selectionColumn<T extends Row>(rows: T[], selected: Set<number>, toggle: (ids: number[], on: boolean) => void): ColumnDef<T, unknown> {
  const all = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const some = rows.some((r) => selected.has(r.id));
  return {
    id: 'select',
    header: () => <Checkbox aria-label="Select this page" checked={all} indeterminate={some && !all} data-testid="select-page"
      onChange={(e) => toggle(rows.map((r) => r.id), e.currentTarget.checked)} />,
    cell: (c) => (
      <div onClick={(e) => e.stopPropagation()}>
        <Checkbox aria-label={`Select row ${c.row.index + 1}`} checked={selected.has(c.row.original.id)} data-testid="select-row"
          onChange={(e) => toggle([c.row.original.id], e.currentTarget.checked)} />
      </div>
    ),
  };
}

const show = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join(', ') : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : String(v));

/** A column per custom field, ids `custom.<key>`, so views can choose them like built-in ones. */
export function customColumns<T extends Row>(fields: CustomField[]): ColumnDef<T, unknown>[] {
  const col = createColumnHelper<T>();
  return fields.map((f) => col.display({ id: `custom.${f.key}`, header: f.label, cell: (c) => <Text fz="sm">{show(c.row.original.custom[f.key])}</Text> }) as ColumnDef<T, unknown>);
}

export function ColumnPicker({ columns, value, onChange }: { columns: { id: string; label: string }[]; value: string[]; onChange: (ids: string[]) => void }) {
  return (
    <MultiSelect size="xs" label="Columns" data={columns.map((c) => ({ value: c.id, label: c.label }))} value={value} data-testid="columns-picker"
      onChange={(ids) => ids.length && onChange(ids)} maw={520} />
  );
}
