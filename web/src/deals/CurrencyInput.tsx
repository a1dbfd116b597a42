import { Select } from '@mantine/core';
import { currencyOptions } from './money';

/** A currency picked from the ISO 4217 list ("RON — Romanian Leu"), searchable by code or name. */
export function CurrencyInput({ value, onChange, error, testId, readOnly, label = 'Currency' }: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
  testId?: string;
  readOnly?: boolean;
  label?: string;
}) {
  return (
    <Select label={label} data={currencyOptions()} value={value || null} readOnly={readOnly} searchable allowDeselect={false}
      onChange={(v) => v && onChange(v)} error={error} data-testid={testId} limit={50} nothingFoundMessage="No such currency" comboboxProps={{ withinPortal: true }} />
  );
}
