import { Badge, Group, Loader, MultiSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useAllLists } from '../lists/api';
import { useAllSegments } from '../segments/api';
import { READABLE_HELP, useAudienceCount, type CampaignInput } from './api';

type Audience = Pick<CampaignInput, 'listIds' | 'includeSegmentIds' | 'excludeSegmentIds'>;

/** Lists ∪, include segments ∩, exclude segments −, with the exact count a send would freeze now. */
export function AudiencePicker({ value, onChange, disabled, errors }: { value: Audience; onChange: (a: Audience) => void; disabled?: boolean; errors: Record<string, string> }) {
  const lists = useAllLists();
  const segments = useAllSegments();
  const count = useAudienceCount(value);
  const listData = (lists.data ?? []).map((l) => ({ value: String(l.id), label: l.name }));
  const segData = (segments.data ?? []).map((s) => ({ value: String(s.id), label: s.name }));
  const ids = (v: string[]) => v.map(Number);
  const str = (v: number[]) => v.map(String);
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={3} fz="md">Audience</Title>
        {value.listIds.length === 0 ? <Text fz="sm" c="gray.7">Choose a list</Text>
          : count.isFetching ? <Loader size="xs" aria-label="Counting recipients" />
            : count.error ? <Text fz="sm" c="red.8">{count.error.message}</Text>
              : <Badge size="lg" variant="light" color="indigo" data-testid="audience-count">{count.data?.count.toLocaleString()} recipients</Badge>}
      </Group>
      <Stack gap="sm">
        <MultiSelect label="Lists" description="Subscribed members of any of these lists who gave consent and are not suppressed" data={listData} value={str(value.listIds)}
          onChange={(v) => onChange({ ...value, listIds: ids(v) })} disabled={disabled} searchable styles={READABLE_HELP} error={errors.listIds ?? errors.list_ids} data-testid="audience-lists" />
        <MultiSelect label="Only contacts in these segments" data={segData} value={str(value.includeSegmentIds)} onChange={(v) => onChange({ ...value, includeSegmentIds: ids(v) })} disabled={disabled} searchable clearable />
        <MultiSelect label="Leave out contacts in these segments" data={segData} value={str(value.excludeSegmentIds)} onChange={(v) => onChange({ ...value, excludeSegmentIds: ids(v) })} disabled={disabled} searchable clearable />
      </Stack>
    </Paper>
  );
}
