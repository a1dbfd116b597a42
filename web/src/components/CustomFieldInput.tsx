import { Checkbox, MultiSelect, NumberInput, Select, TextInput } from '@mantine/core';
import type { CustomValue } from '../contacts/api';
import type { CustomField } from '../settings/api';

/** One input per custom-field type; value shapes match the API's `custom` map. */
export function CustomFieldInput({ field, value, onChange, error, readOnly }: {
  field: CustomField;
  value: CustomValue | undefined;
  onChange: (v: CustomValue) => void;
  error?: string;
  readOnly?: boolean;
}) {
  const common = { label: field.label, required: field.required, error, readOnly, 'data-testid': `custom-${field.key}` };
  switch (field.type) {
    case 'number':
      return (
        <NumberInput {...common} value={typeof value === 'number' ? value : typeof value === 'string' ? value : ''}
          onChange={(v) => onChange(v === '' ? null : typeof v === 'number' ? v : Number(v))} />
      );
    case 'date':
      return <TextInput {...common} type="date" value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.currentTarget.value || null)} />;
    case 'boolean':
      return (
        <Checkbox label={field.label} error={error} mt="lg" disabled={readOnly} data-testid={`custom-${field.key}`}
          checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />
      );
    case 'select':
      return (
        <Select {...common} data={field.options} clearable value={typeof value === 'string' ? value : null}
          onChange={(v) => onChange(v)} />
      );
    case 'multiselect':
      return (
        <MultiSelect {...common} data={field.options} clearable value={Array.isArray(value) ? value : []}
          onChange={(v) => onChange(v)} />
      );
    default:
      return <TextInput {...common} value={value == null ? '' : String(value)} onChange={(e) => onChange(e.currentTarget.value || null)} />;
  }
}
