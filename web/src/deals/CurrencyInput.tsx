import { Autocomplete } from '@mantine/core';
import { COMMON_CURRENCIES } from './money';

/** Common ISO 4217 codes to pick from; any other code can be typed (the server checks it). */
export function CurrencyInput({ value, onChange, error, testId, readOnly }: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
  testId?: string;
  readOnly?: boolean;
}) {
  return (
    <Autocomplete label="Currency" data={COMMON_CURRENCIES} value={value} maxLength={3} readOnly={readOnly}
      onChange={(v) => onChange(v.toUpperCase())} error={error} data-testid={testId} limit={20} placeholder="EUR" />
  );
}
