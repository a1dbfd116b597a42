import type { AppContext } from '../../context.js';
import { pageOf } from '../../lib/cursor.js';
import { decodeTimeCursor } from '../../lib/keyset.js';
import type { Actor } from '../auth/permissions.js';
import { eventReaderOf, readableData, readableKinds } from './event-access.js';
import { resolveEventRefs } from './event-refs.js';
import { listTimelinePage } from './timeline.repo.js';

/** One timeline for a contact or a company; callers check they may read the record first. */
export async function listTimeline(options: {
  ctx: AppContext;
  actor: Actor;
  subject: { contactId: number } | { companyId: number };
  limit: number;
  cursor?: string;
}) {
  const { ctx, actor, subject, limit } = options;
  const before = decodeTimeCursor(options.cursor);
  // Which kinds and properties the actor reads comes from event-kinds.ts, as for segments; a
  // sales user who sees only their own deals does not read other deals' titles here either.
  const reader = await eventReaderOf(ctx.db, actor);
  const rows = await listTimelinePage(ctx.db, {
    workspaceId: actor.workspaceId, subject, limit, before,
    kinds: readableKinds(reader), includeCustom: reader.may('contacts:read'),
    ...(reader.onlyDealsOwnedBy !== undefined ? { onlyDealsOwnedBy: reader.onlyDealsOwnedBy } : {}),
  });
  const page = pageOf(rows, limit, (r) => [r.occurred_key, r.id]);
  const data = page.data.map((r) => ({ ...r, data: readableData(reader, r.kind, r.data as Record<string, unknown>) }));
  const refs = await resolveEventRefs(ctx.db, reader, actor.workspaceId, data);
  return {
    nextCursor: page.nextCursor,
    data: data.map((r, i) => ({
      id: r.id,
      kind: r.kind,
      occurredAt: r.occurred_at,
      actor: r.actor_user_id ? { id: r.actor_user_id, name: r.actor_name ?? '' } : null,
      contactId: r.contact_id,
      companyId: r.company_id,
      data: r.data,
      refs: refs[i],
    })),
  };
}
