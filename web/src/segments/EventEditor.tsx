import { ActionIcon, Autocomplete, Button, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useEventKinds } from './api';
import { EVENT_OPS, groupEventKinds, PROPERTY_OPS } from './fields';
import { newProperty, type CondDraft, type PropertyDraft } from './tree';

const unit = (s: string) => <Text fz="xs" c="dimmed" pr={6}>{s}</Text>;

/** The server's message for a part of the condition (`withinDays`, `where.0.value`), shown beside its input. */
export type PartError = (part: string) => ReactNode | undefined;

/** did / did not, what (`children`), at least N times, in the last N days (blank: ever, unless `daysRequired`). */
export function DidCountDays({ cond, onChange, fe, daysRequired, children }: {
  cond: CondDraft;
  onChange: (patch: Partial<CondDraft>) => void;
  fe: PartError;
  daysRequired?: boolean;
  children: ReactNode;
}) {
  return (
    <>
      <Select aria-label="Did or did not" data={EVENT_OPS} value={cond.negate ? 'didNot' : 'did'} allowDeselect={false} w={{ base: '100%', sm: 110 }}
        onChange={(v) => onChange({ negate: v === 'didNot' })} error={fe('negate')} data-testid="condition-op" />
      {children}
      <NumberInput aria-label="At least this many times" leftSection={<Text fz="xs" c="dimmed" pl={4}>≥</Text>} rightSection={unit('times')} rightSectionWidth={46}
        min={1} max={1000} allowDecimal={false} hideControls w={{ base: '100%', sm: 110 }} value={cond.minCount ?? 1}
        onChange={(v) => onChange({ minCount: typeof v === 'number' && v >= 1 ? v : 1 })} error={fe('minCount')} data-testid="event-min-count" />
      <NumberInput aria-label="Within the last N days" placeholder={daysRequired ? 'N' : 'ever'} leftSection={<Text fz="xs" c="dimmed" pl={6}>in last</Text>} leftSectionWidth={52}
        rightSection={unit('days')} rightSectionWidth={44} min={1} max={3650} allowDecimal={false} hideControls w={{ base: '100%', sm: 160 }}
        value={cond.withinDays ?? ''} onChange={(v) => onChange({ withinDays: typeof v === 'number' && v >= 1 ? v : undefined })}
        error={fe('withinDays')} data-testid="event-within-days" />
    </>
  );
}

/** "did / did not" + kind, at least N times, in the last N days (blank: ever). */
export function EventEditor({ cond, onChange, fe }: {
  cond: CondDraft;
  onChange: (patch: Partial<CondDraft>) => void;
  fe: PartError;
}) {
  const kinds = useEventKinds();
  return (
    <DidCountDays cond={cond} onChange={onChange} fe={fe}>
      <Autocomplete aria-label="Event kind" placeholder="e.g. email_opened" data={groupEventKinds(kinds.data ?? [])} value={cond.kind ?? ''} w={{ base: '100%', sm: 200 }}
        onChange={(kind) => onChange({ kind })} error={fe('kind')} data-testid="event-kind" />
    </DidCountDays>
  );
}

/** Conditions on the event's data ("campaignId is march"), all of which must hold; `properties`: names to offer. */
export function EventProperties({ cond, onChange, fe, properties }: {
  cond: CondDraft;
  onChange: (patch: Partial<CondDraft>) => void;
  fe: PartError;
  properties: string[];
}) {
  const where = cond.where ?? [];
  const set = (i: number, patch: Partial<PropertyDraft>) => onChange({ where: where.map((w, j) => (j === i ? { ...w, ...patch } : w)) });
  return (
    <Stack gap={6} mt={6} pl={{ base: 0, sm: 8 }}>
      {where.map((w, i) => (
        <Group key={w.key} gap="xs" wrap="nowrap" align="flex-start" data-testid="event-property">
          <Group gap="xs" wrap="wrap" style={{ flex: 1 }}>
            <Text fz="sm" c="dimmed" w={{ base: '100%', sm: 'auto' }} mt={{ base: 0, sm: 6 }}>where</Text>
            <Autocomplete aria-label="Event property" placeholder="property, e.g. campaignId" value={w.property} w={{ base: '100%', sm: 200 }}
              data={properties} onChange={(property) => set(i, { property })}
              error={fe(`where.${i}.property`)} data-testid="event-property-name" />
            <Select aria-label="Property operator" data={PROPERTY_OPS} value={w.op} allowDeselect={false} w={{ base: '100%', sm: 140 }}
              onChange={(op) => op && set(i, { op: op as PropertyDraft['op'] })} error={fe(`where.${i}.op`)} data-testid="event-property-op" />
            <TextInput aria-label="Property value" placeholder={w.op === 'gt' || w.op === 'lt' ? 'a number' : 'value'} value={w.value} w={{ base: '100%', sm: 180 }}
              onChange={(e) => set(i, { value: e.currentTarget.value })} error={fe(`where.${i}.value`)} data-testid="event-property-value" />
          </Group>
          <ActionIcon variant="subtle" color="gray" mt={4} aria-label="Remove property condition" onClick={() => onChange({ where: where.filter((_, j) => j !== i) })}>
            <IconX size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button size="compact-xs" variant="subtle" leftSection={<IconPlus size={12} />} onClick={() => onChange({ where: [...where, newProperty()] })}
          data-testid="event-add-property">Property condition</Button>
      </Group>
    </Stack>
  );
}
