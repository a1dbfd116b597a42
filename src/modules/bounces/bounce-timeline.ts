import type { Executor } from '../../db/executor.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import type { ReportTarget } from './bounces.repo.js';

/** The contact's timeline entry for a bounce or complaint (kinds declared in event-kinds.ts). */
export async function writeReportTimeline(db: Executor, t: ReportTarget, e: {
  type: 'bounce' | 'complaint'; class: string; reason: string; status: string | null; diagnostic: string | null; feedbackType: string | null; suppressed: boolean; at: Date;
}): Promise<void> {
  if (t.contactId === null) return;
  const ids = { campaignId: t.campaignId ?? undefined, transactionalId: t.transactionalId ?? undefined };
  const base = { workspaceId: t.workspaceId, contactId: t.contactId, occurredAt: e.at };
  await insertTimelineEvents(db, [e.type === 'bounce'
    ? { ...base, kind: 'email_bounced', data: { ...ids, class: e.class, reason: e.reason, status: e.status ?? undefined, diagnostic: e.diagnostic ?? undefined, suppressed: e.suppressed } }
    : { ...base, kind: 'email_complained', data: { ...ids, feedbackType: e.feedbackType ?? 'abuse', suppressed: e.suppressed } }]);
}
