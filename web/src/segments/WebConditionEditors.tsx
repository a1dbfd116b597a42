import { Autocomplete, TextInput } from '@mantine/core';
import { useBuilderOptions } from './api';
import { DidCountDays, type PartError } from './EventEditor';
import type { CondDraft } from './tree';

type Props = { cond: CondDraft; onChange: (patch: Partial<CondDraft>) => void; fe: PartError };

/** "did visit <pattern> at least N times in the last N days" (the days are required: raw page views expire). */
export function VisitedEditor({ cond, onChange, fe }: Props) {
  return (
    <DidCountDays cond={cond} onChange={onChange} fe={fe} daysRequired>
      <TextInput aria-label="Page address or pattern" placeholder="/pricing* or https://shop.example/*" value={cond.urlPattern ?? ''} w={{ base: '100%', sm: 240 }}
        onChange={(e) => onChange({ urlPattern: e.currentTarget.value })} error={fe('urlPattern')} data-testid="visited-pattern" />
    </DidCountDays>
  );
}

/** "did <event name> at least N times in the last N days", the name picked from those the workspace has received. */
export function TrackedEditor({ cond, onChange, fe }: Props) {
  const options = useBuilderOptions();
  const names = (options.data?.eventNames ?? []).map((e) => e.name);
  return (
    <DidCountDays cond={cond} onChange={onChange} fe={fe}>
      <Autocomplete aria-label="Event name" placeholder={options.isPending ? 'Loading…' : names.length ? 'Choose an event' : 'No events received yet'}
        data={names} value={cond.eventName ?? ''} w={{ base: '100%', sm: 200 }} limit={50}
        onChange={(eventName) => onChange({ eventName })} error={fe('name')} data-testid="tracked-name" />
    </DidCountDays>
  );
}

/** The property names seen on the chosen event's latest occurrences. */
export function useTrackedProperties(eventName: string | undefined): string[] {
  const options = useBuilderOptions();
  return options.data?.eventNames.find((e) => e.name === eventName?.trim())?.properties ?? [];
}
