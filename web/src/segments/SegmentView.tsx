import { Pill, Select } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { usePermissions } from '../auth/api';
import { SEGMENTS_READ, useAllSegments, useSegment } from './api';

/** "Segment: NAME" on a contacts list shown as a segment's view; the cross shows all contacts again. */
export function SegmentChip({ segmentId, onClear }: { segmentId: number | undefined; onClear: () => void }) {
  const segment = useSegment(segmentId);
  if (segmentId === undefined) return null;
  const name = segment.data?.name ?? (segment.error ? `#${segmentId} (not found)` : '…');
  return (
    <Pill size="md" bg="indigo.1" c="indigo.9" withRemoveButton onRemove={onClear} data-testid="segment-chip"
      removeButtonProps={{ 'aria-label': 'Show all contacts', ...{ 'data-testid': 'segment-chip-clear' } }}>
      Segment: {name}
    </Pill>
  );
}

/** Picks a saved segment as the contacts view. */
export function SegmentViewSelect({ value, onChange }: { value: number | undefined; onChange: (id: number | undefined) => void }) {
  const { can } = usePermissions();
  const segments = useAllSegments(can(SEGMENTS_READ));
  if (!can(SEGMENTS_READ)) return null;
  const data = (segments.data ?? []).map((s) => ({ value: String(s.id), label: s.name }));
  if (value !== undefined && !data.some((d) => d.value === String(value))) data.push({ value: String(value), label: `#${value}` });
  return (
    <Select size="xs" w={{ base: 140, sm: 180 }} placeholder="Segments" aria-label="Segment view" data={data} clearable searchable
      value={value === undefined ? null : String(value)} onChange={(v) => onChange(v ? Number(v) : undefined)}
      nothingFoundMessage={segments.isPending ? 'Loading…' : 'No segments'} leftSection={<IconFilter size={14} />} data-testid="segment-view-select" />
  );
}
