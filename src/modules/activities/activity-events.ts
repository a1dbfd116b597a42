import type { Executor } from '../../db/executor.js';
import type { Actor } from '../auth/permissions.js';
import { insertDealEvents } from '../deals/deal-history.repo.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import type { TimelineKind } from '../timeline/event-kinds.js';
import type { ActivityOut } from './activity-write.js';

/** An `activity_*` event on the timelines of the activity's deal, contact and company. */
export async function recordActivityEvent(db: Executor, actor: Actor, a: ActivityOut, kind: TimelineKind, extra: Record<string, unknown> = {}) {
  // dealId lets the timeline hide events of deals a sales user may not see.
  const data = { activityId: a.id, type: a.type, subject: a.subject, dueAt: a.dueAt, done: a.done, ...(a.dealId ? { dealId: a.dealId } : {}), ...extra };
  const base = { workspaceId: actor.workspaceId, kind, actorUserId: actor.userId, data };
  await insertTimelineEvents(db, [...(a.contactId ? [{ ...base, contactId: a.contactId }] : []), ...(a.companyId ? [{ ...base, companyId: a.companyId }] : [])]);
  if (a.dealId) await insertDealEvents(db, [{ ...base, dealId: a.dealId }]);
}
