import { Select, TagsInput } from '@mantine/core';
import { useAllLists } from '../lists/api';
import { ConsentDeclarationFields, declarationBody, type DeclarationDraft } from '../lists/ConsentDeclarationFields';
import { useSegments } from '../segments/api';
import { OwnerSelect } from './OwnerSelect';
import type { BulkAction } from './bulk-api';

export type ActionType = BulkAction['type'];
export interface ActionDraft {
  tags: string[];
  ownerId: number | null;
  listId: string | null;
  segmentId: string | null;
  consent: DeclarationDraft;
}

export function actionOf(type: ActionType, d: ActionDraft, marketing: boolean): BulkAction {
  switch (type) {
    case 'tag':
    case 'untag':
      return { type, tags: d.tags };
    case 'assignOwner':
      return { type, ownerId: d.ownerId };
    case 'addToList':
      return { type, listId: Number(d.listId), ...(marketing ? { consent: declarationBody(d.consent) } : {}) };
    case 'removeFromList':
      return { type, listId: Number(d.listId) };
    case 'addToSegment':
      return { type, segmentId: Number(d.segmentId) };
    default:
      return { type };
  }
}

/** The one input an action needs (tags, an owner, a list, a static segment), with the server's field errors. */
export function BulkActionFields({ type, draft, onChange, errors }: { type: ActionType; draft: ActionDraft; onChange: (d: ActionDraft) => void; errors: Record<string, string> }) {
  const lists = useAllLists(type === 'addToList' || type === 'removeFromList');
  const segments = useSegments(100);
  if (type === 'tag' || type === 'untag') {
    return <TagsInput label="Tags" value={draft.tags} onChange={(tags) => onChange({ ...draft, tags })} error={errors['action.tags']} data-testid="bulk-tags" />;
  }
  if (type === 'assignOwner') return <OwnerSelect value={draft.ownerId} onChange={(ownerId) => onChange({ ...draft, ownerId })} error={errors['action.ownerId']} testId="bulk-owner" />;
  if (type === 'addToList' || type === 'removeFromList') {
    const list = lists.data?.find((l) => String(l.id) === draft.listId);
    return (
      <>
        <Select label="List" data={(lists.data ?? []).map((l) => ({ value: String(l.id), label: l.name }))} value={draft.listId} searchable
          onChange={(listId) => onChange({ ...draft, listId })} error={errors['action.listId']} data-testid="bulk-list" />
        {type === 'addToList' && list?.purpose === 'marketing' && (
          <ConsentDeclarationFields value={draft.consent} onChange={(consent) => onChange({ ...draft, consent })} errors={errors} prefix="action.consent" />
        )}
      </>
    );
  }
  if (type === 'addToSegment') {
    const data = (segments.data?.pages.flatMap((p) => p.data) ?? []).filter((s) => s.kind === 'static').map((s) => ({ value: String(s.id), label: s.name }));
    return <Select label="Static segment" data={data} value={draft.segmentId} onChange={(segmentId) => onChange({ ...draft, segmentId })}
      error={errors['action.segmentId']} nothingFoundMessage="No static segments" data-testid="bulk-segment" />;
  }
  return null;
}
