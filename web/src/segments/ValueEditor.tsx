import { Group, MultiSelect, NumberInput, Select, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import type { PartError } from './EventEditor';
import { valueShape, type FieldDef } from './fields';
import type { CondDraft } from './tree';

const W = { base: '100%', sm: 220 } as const;
const HALF = { base: '100%', sm: 150 } as const; // in a range, two share a phone's row (min width 0 lets them shrink)
const unit = (s: string) => <Text fz="xs" c="dimmed" pr={6}>{s}</Text>;

/** The value input(s) of a contact or company field condition, fit for the field's kind and the operator. */
export function ValueEditor({ cond, def, onChange, fe }: {
  cond: CondDraft;
  def: FieldDef | undefined;
  onChange: (patch: Partial<CondDraft>) => void;
  fe: PartError;
}) {
  const shape = valueShape(cond.op);
  if (!def || shape === 'none') return null;
  const kind = def.kind;

  if (shape === 'days') {
    return (
      <NumberInput aria-label="Number of days" placeholder="N" min={0} max={3650} allowDecimal={false} w={HALF} error={fe('days')}
        value={cond.days ?? ''} onChange={(v) => onChange({ days: typeof v === 'number' ? v : undefined })}
        rightSection={unit('days')} rightSectionWidth={44} hideControls data-testid="condition-value" />
    );
  }
  if (shape === 'options') {
    return (
      <MultiSelect aria-label="Options" placeholder={cond.values?.length ? undefined : 'Choose options'} data={def.options} w={{ base: '100%', sm: 260 }}
        value={cond.values ?? []} onChange={(values) => onChange({ values })} error={fe('values')} searchable clearable data-testid="condition-value" />
    );
  }
  const single = (which: 'value' | 'from' | 'to', label: string, testId: string, w: typeof W | typeof HALF): ReactNode => {
    const v = cond[which];
    const error = fe(which);
    if (kind === 'number') {
      return (
        <NumberInput aria-label={label} placeholder={label} w={w} miw={0} error={error} value={typeof v === 'number' ? v : ''}
          onChange={(n) => onChange({ [which]: typeof n === 'number' ? n : undefined })} data-testid={testId} />
      );
    }
    if (kind === 'date' || kind === 'timestamp') {
      return (
        <TextInput type="date" aria-label={label} w={w} miw={0} error={error} value={typeof v === 'string' ? v : ''}
          onChange={(e) => onChange({ [which]: e.currentTarget.value || undefined })} data-testid={testId} />
      );
    }
    if (kind === 'boolean') {
      return (
        <Select aria-label={label} placeholder="Yes or no" w={w} miw={0} error={error} allowDeselect={false}
          data={[{ value: 'true', label: 'Yes' }, { value: 'false', label: 'No' }]}
          value={typeof v === 'boolean' ? String(v) : null} onChange={(s) => onChange({ [which]: s === 'true' })} data-testid={testId} />
      );
    }
    return (
      <TextInput aria-label={label} placeholder="Value" w={w} miw={0} error={error} value={typeof v === 'string' ? v : v == null ? '' : String(v)}
        onChange={(e) => onChange({ [which]: e.currentTarget.value })} data-testid={testId} />
    );
  };
  if (shape === 'range') {
    return (
      <Group gap={6} wrap="nowrap" data-testid="condition-value" w={{ base: '100%', sm: 'auto' }}>
        {single('from', 'From', 'condition-value-from', HALF)}
        <Text fz="sm" c="dimmed">and</Text>
        {single('to', 'To', 'condition-value-to', HALF)}
      </Group>
    );
  }
  return single('value', 'Value', 'condition-value', W);
}
