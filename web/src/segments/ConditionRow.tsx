import { ActionIcon, Box, Code, Group, Select, TagsInput, Text, Tooltip } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { OwnerSelect } from '../components/OwnerSelect';
import { fieldErrors } from '../lib/form-errors';
import { useAllLists } from '../lists/api';
import { useAllSegments, useEventKinds } from './api';
import { EventEditor, EventProperties, type PartError } from './EventEditor';
import { CONDITION_TYPES, CONSENT_STATUSES, fieldSelectData, LIST_OPS, LIST_STATUSES, OPS_BY_KIND, opsFor, OWNER_OPS, TAG_OPS, valueShape, type FieldDef } from './fields';
import { incompleteReason, newCondition, type CondDraft, type CondType, type NodeError } from './tree';
import { ValueEditor } from './ValueEditor';
import { TrackedEditor, useTrackedProperties, VisitedEditor } from './WebConditionEditors';
import { OrderConditionEditor } from '../orders/OrderConditionEditor';

export interface Catalogue {
  contact: FieldDef[];
  company: FieldDef[];
  /** The segment being edited, which may not refer to itself. */
  selfId?: number;
}

const FIELD_W = { base: '100%', sm: 190 } as const;
const OP_W = { base: '100%', sm: 170 } as const;
const VALUE_PARTS = ['value', 'values', 'from', 'to', 'days'];

/** The parts of each kind of condition that have an input, so the server's message for them shows beside it. */
const PARTS_SHOWN: Record<CondType, string[]> = {
  field: ['field', 'op', ...VALUE_PARTS], company: ['field', 'op', ...VALUE_PARTS], tags: ['op', 'tags'], owner: ['op', 'userId'],
  event: ['negate', 'kind', 'minCount', 'withinDays', 'where'], visited: ['negate', 'urlPattern', 'minCount', 'withinDays'],
  tracked: ['negate', 'name', 'minCount', 'withinDays', 'where'], segment: ['segmentId'], list: ['listId', 'op', 'status'], consent: ['status', 'listId'],
  order: ['op', 'value', 'currency', 'days', 'withinDays', 'sku', 'category'], raw: [],
};

/** One condition: what kind, then field → operator → value (or the kind's own inputs). */
export function ConditionRow({ cond, catalogue, errors, onChange, onRemove }: {
  cond: CondDraft;
  catalogue: Catalogue;
  errors: NodeError[];
  onChange: (next: CondDraft) => void;
  onRemove: () => void;
}) {
  const patch = (p: Partial<CondDraft>) => onChange({ ...cond, ...p });
  // The server's field errors through the shared helper: beside the input of their part, the rest under the row.
  const errs = fieldErrors(Object.fromEntries(errors.map((e) => [e.part, e.message])), PARTS_SHOWN[cond.type]);
  const fe: PartError = (part) => {
    const message = errs.field(part);
    return message ? <span data-testid="condition-error">{message}</span> : undefined;
  };
  const hint = incompleteReason(cond);
  const types = cond.type === 'raw' ? [...CONDITION_TYPES, { value: 'raw', label: 'Other (read-only)' }] : CONDITION_TYPES;

  return (
    <Box data-testid="condition" data-type={cond.type} data-complete={hint === null} py={4}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Group gap="xs" wrap="wrap" align="flex-start" style={{ flex: 1, minWidth: 0 }}>
          <Select aria-label="Condition type" data={types} value={cond.type} allowDeselect={false} w={{ base: '100%', sm: 170 }}
            onChange={(t) => t && t !== cond.type && onChange({ ...newCondition(t as CondType), key: cond.key })} data-testid="condition-type" />
          <Inputs cond={cond} catalogue={catalogue} patch={patch} fe={fe} />
        </Group>
        <Tooltip label="Remove condition">
          <ActionIcon variant="subtle" color="gray" mt={4} onClick={onRemove} aria-label="Remove condition" data-testid="condition-remove">
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {(cond.type === 'event' || cond.type === 'tracked') && <Properties cond={cond} onChange={patch} fe={fe} />}
      {errs.rest.map((message, i) => <Text key={i} fz="xs" c="red.9" mt={4} data-testid="condition-error">{message}</Text>)}
      {!errors.length && hint && <Text fz="xs" c="dimmed" mt={4} data-testid="condition-hint">{hint}</Text>}
    </Box>
  );
}

/** Property conditions, offering the names the chosen event kind (or tracked event) is known to carry. */
function Properties({ cond, onChange, fe }: { cond: CondDraft; onChange: (p: Partial<CondDraft>) => void; fe: PartError }) {
  const kind = useEventKinds().data?.find((k) => k.kind === cond.kind);
  const tracked = useTrackedProperties(cond.type === 'tracked' ? cond.eventName : undefined);
  const properties = cond.type === 'tracked' ? tracked : kind?.properties.map((p) => p.name) ?? [];
  return <EventProperties cond={cond} onChange={onChange} fe={fe} properties={properties} />;
}

function Inputs({ cond, catalogue, patch, fe }: {
  cond: CondDraft;
  catalogue: Catalogue;
  patch: (p: Partial<CondDraft>) => void;
  fe: PartError;
}) {
  switch (cond.type) {
    case 'field':
    case 'company': {
      const fields = catalogue[cond.type === 'field' ? 'contact' : 'company'];
      const def = fields.find((f) => f.value === cond.field);
      const onField = (field: string | null) => {
        const next = fields.find((f) => f.value === field);
        if (!next) return patch({ field: undefined, op: undefined });
        const sameKind = def?.kind === next.kind;
        const op = sameKind && cond.op ? cond.op : OPS_BY_KIND[next.kind][0];
        patch({ field: next.value, op, ...(sameKind ? {} : { value: undefined, values: undefined, from: undefined, to: undefined, days: undefined }) });
      };
      const onOp = (op: string | null) => {
        if (!op) return;
        const keep = valueShape(op) === valueShape(cond.op);
        patch({ op, ...(keep ? {} : { value: undefined, values: undefined, from: undefined, to: undefined, days: undefined }) });
      };
      return (
        <>
          <Select aria-label="Field" placeholder="Field" data={fieldSelectData(fields)} value={cond.field ?? null} searchable w={FIELD_W}
            onChange={onField} error={fe('field')} nothingFoundMessage="No such field" data-testid="condition-field" />
          <Select aria-label="Operator" placeholder="Operator" data={def ? opsFor(def.kind) : []} value={cond.op ?? null} disabled={!def}
            allowDeselect={false} w={OP_W} onChange={onOp} error={fe('op')} data-testid="condition-op" />
          <ValueEditor cond={cond} def={def} onChange={patch} fe={fe} />
        </>
      );
    }
    case 'tags':
      return (
        <>
          <Select aria-label="Operator" data={TAG_OPS} value={cond.op ?? 'hasAny'} allowDeselect={false} w={OP_W}
            onChange={(op) => op && patch({ op })} error={fe('op')} data-testid="condition-op" />
          <TagsInput aria-label="Tags" placeholder={cond.tags?.length ? undefined : 'Type a tag, press Enter'} value={cond.tags ?? []}
            onChange={(tags) => patch({ tags })} error={fe('tags')} w={{ base: '100%', sm: 280 }} data-testid="condition-value" />
        </>
      );
    case 'owner':
      return (
        <>
          <Select aria-label="Operator" data={OWNER_OPS} value={cond.op ?? 'is'} allowDeselect={false} w={OP_W}
            onChange={(op) => op && patch({ op, ...(op === 'is' || op === 'isNot' ? {} : { userId: undefined }) })} error={fe('op')} data-testid="condition-op" />
          {(cond.op === 'is' || cond.op === 'isNot') && (
            <Box w={FIELD_W}>
              <OwnerSelect label={null} placeholder="Choose a user" value={cond.userId ?? null} onChange={(id) => patch({ userId: id ?? undefined })}
                error={fe('userId')} testId="condition-value" />
            </Box>
          )}
        </>
      );
    case 'event':
      return <EventEditor cond={cond} onChange={patch} fe={fe} />;
    case 'visited':
      return <VisitedEditor cond={cond} onChange={patch} fe={fe} />;
    case 'tracked':
      return <TrackedEditor cond={cond} onChange={patch} fe={fe} />;
    case 'segment':
      return <SegmentPicker value={cond.segmentId} selfId={catalogue.selfId} error={fe('segmentId')} onChange={(segmentId) => patch({ segmentId })} />;
    case 'list':
      return (
        <>
          <ListPicker value={cond.listId} error={fe('listId')} onChange={(listId) => patch({ listId })} />
          <Select aria-label="Operator" data={LIST_OPS} value={cond.op ?? 'member'} allowDeselect={false} w={{ base: '100%', sm: 90 }}
            onChange={(op) => op && patch({ op })} error={fe('op')} data-testid="condition-op" />
          <Select aria-label="Membership status" data={LIST_STATUSES} value={cond.status ?? 'subscribed'} allowDeselect={false} w={OP_W}
            onChange={(status) => status && patch({ status })} error={fe('status')} data-testid="condition-status" />
        </>
      );
    case 'consent':
      return (
        <>
          <Select aria-label="Consent status" data={CONSENT_STATUSES} value={cond.status ?? 'granted'} allowDeselect={false} w={OP_W}
            onChange={(status) => status && patch({ status })} error={fe('status')} data-testid="condition-status" />
          <ListPicker value={cond.listId} error={fe('listId')} optional onChange={(listId) => patch({ listId })} />
        </>
      );
    case 'order':
      return <OrderConditionEditor value={cond.order!} onChange={(order) => patch({ order })} fe={fe} />;
    default:
      return <Code block style={{ flex: 1 }}>{JSON.stringify(cond.raw)}</Code>;
  }
}

function SegmentPicker({ value, selfId, error, onChange }: { value?: number; selfId?: number; error: ReactNode; onChange: (id: number | undefined) => void }) {
  const segments = useAllSegments();
  const data = (segments.data ?? []).filter((s) => s.id !== selfId).map((s) => ({ value: String(s.id), label: s.name }));
  return (
    <Select aria-label="Segment" placeholder={segments.isPending ? 'Loading…' : 'Choose a segment'} data={data} searchable w={{ base: '100%', sm: 260 }}
      value={value === undefined ? null : String(value)} onChange={(v) => onChange(v ? Number(v) : undefined)} error={error}
      nothingFoundMessage="No other segments" data-testid="condition-value" />
  );
}

/** A list of the workspace; `optional` (consent) leaves it blank for channel-wide consent. */
function ListPicker({ value, error, optional, onChange }: { value?: number; error: ReactNode; optional?: boolean; onChange: (id: number | undefined) => void }) {
  const lists = useAllLists();
  const data = (lists.data ?? []).map((l) => ({ value: String(l.id), label: l.name }));
  return (
    <Select aria-label="List" placeholder={lists.isPending ? 'Loading…' : optional ? 'Whole channel (no list)' : 'Choose a list'} data={data} searchable
      clearable={optional} w={{ base: '100%', sm: 220 }} value={value === undefined ? null : String(value)}
      onChange={(v) => onChange(v ? Number(v) : undefined)} error={error} nothingFoundMessage="No lists" data-testid="condition-list" />
  );
}
