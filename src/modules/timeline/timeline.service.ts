import type { AppContext } from '../../context.js';
import { decodeCursor, pageOf } from '../../lib/cursor.js';
import { can, type Actor } from '../auth/permissions.js';
import { listTimelinePage } from './timeline.repo.js';

/** Event kinds that carry note text: hidden from roles that may not read notes. */
export const NOTE_KINDS = ['note_added', 'note_updated', 'note_deleted'];

/** One timeline for a contact or a company; callers check they may read the record first. */
export async function listTimeline(options: {
  ctx: AppContext;
  actor: Actor;
  subject: { contactId: number } | { companyId: number };
  limit: number;
  cursor?: string;
}) {
  const { ctx, actor, subject, limit } = options;
  const before = decodeCursor(options.cursor) as [string, number] | undefined;
  const rows = await listTimelinePage(ctx.db, {
    workspaceId: actor.workspaceId, subject, limit, before,
    excludeKinds: can(actor, 'notes:read') ? [] : NOTE_KINDS,
  });
  const page = pageOf(rows, limit, (r) => [r.occurred_key, r.id]);
  return {
    nextCursor: page.nextCursor,
    data: page.data.map((r) => ({
      id: r.id,
      kind: r.kind,
      occurredAt: r.occurred_at,
      actor: r.actor_user_id ? { id: r.actor_user_id, name: r.actor_name ?? '' } : null,
      contactId: r.contact_id,
      companyId: r.company_id,
      data: r.data,
    })),
  };
}
