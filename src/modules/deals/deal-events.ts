import type { Executor } from '../../db/executor.js';
import type { Actor } from '../auth/permissions.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import type { TimelineKind } from '../timeline/event-kinds.js';
import { insertDealEvents } from './deal-history.repo.js';

export interface DealRef {
  id: number;
  title: string;
  companyId: number | null;
  contactIds: number[];
}

/**
 * Writes a `deal_*` event on the deal's own timeline and, unless `dealOnly`, on the timelines of
 * its company and contacts (roles without deals:read never see `deal_*` kinds there).
 */
export async function recordDealEvent(db: Executor, actor: Actor, deal: DealRef, kind: TimelineKind, data: Record<string, unknown> = {}, options: { dealOnly?: boolean; dealRow?: boolean } = {}) {
  const payload = { dealId: deal.id, title: deal.title, ...data };
  if (options.dealRow !== false) await insertDealEvents(db, [{ workspaceId: actor.workspaceId, dealId: deal.id, kind, actorUserId: actor.userId, data: payload }]);
  if (options.dealOnly) return;
  const base = { workspaceId: actor.workspaceId, kind, actorUserId: actor.userId, data: payload };
  await insertTimelineEvents(db, [
    ...(deal.companyId ? [{ ...base, companyId: deal.companyId }] : []),
    ...deal.contactIds.map((contactId) => ({ ...base, contactId })),
  ]);
}

export const refOf = (d: { id: number; title: string; companyId: number | null; contactIds: number[] }): DealRef => ({ id: d.id, title: d.title, companyId: d.companyId, contactIds: d.contactIds });
