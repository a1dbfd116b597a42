import type { AppContext } from '../../context.js';
import { pageOf } from '../../lib/cursor.js';
import { decodeTimeCursor } from '../../lib/keyset.js';
import { can, type Actor, type Permission } from '../auth/permissions.js';
import { dealScope } from '../deals/deal-access.js';
import { listTimelinePage } from './timeline.repo.js';

/**
 * Timeline kinds a role may only see with a permission, by prefix: notes are hidden from roles
 * that may not read notes, deal and activity events from roles that never see sales data.
 * Modules add their own prefixes here.
 */
export const RESTRICTED_KIND_PREFIXES: { prefix: string; permission: Permission }[] = [
  { prefix: 'note_', permission: 'notes:read' },
  { prefix: 'deal_', permission: 'deals:read' },
  { prefix: 'activity_', permission: 'activities:read' },
];

function withoutDealId(data: unknown): unknown {
  if (!data || typeof data !== 'object' || !('dealId' in data)) return data;
  const { dealId: _hidden, ...rest } = data as Record<string, unknown>;
  return rest;
}

function hiddenPrefixes(actor: Actor): string[] {
  return RESTRICTED_KIND_PREFIXES.filter((r) => !can(actor, r.permission)).map((r) => r.prefix);
}

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
  // A sales user who sees only their own deals must not read other deals' titles here either.
  const deals = can(actor, 'deals:read') ? await dealScope(ctx.db, actor) : null;
  const rows = await listTimelinePage(ctx.db, {
    workspaceId: actor.workspaceId, subject, limit, before,
    excludePrefixes: hiddenPrefixes(actor),
    ...(deals && !deals.all ? { onlyDealsOwnedBy: deals.ownerId } : {}),
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
      // A role that sees no deals (support) may see activities on one, but not which deal it is.
      data: deals === null ? withoutDealId(r.data) : r.data,
    })),
  };
}
