import type { Executor } from '../../db/executor.js';

/** The SQL of the satisfaction survey: who to ask, the claim on sending, the answer. */

export function findSurveyTicket(db: Executor, ticketId: number) {
  return db.selectFrom('tickets as t').leftJoin('contacts as c', 'c.id', 't.contact_id').leftJoin('inboxes as i', 'i.id', 't.inbox_id')
    .select(['t.id', 't.workspace_id', 't.subject', 't.status', 't.solved_at', 't.merged_into_id', 't.contact_id', 't.csat_requested_at', 't.csat_score', 't.csat_comment',
      'c.email as contact_email', 'c.first_name as contact_first_name', 'i.address as inbox_address', 'i.name as inbox_name'])
    .where('t.id', '=', ticketId).executeTakeFirst();
}

/** Takes the right to send the survey (once per ticket): only one worker can win it. */
export async function claimSurvey(db: Executor, ticketId: number, at: Date): Promise<boolean> {
  const row = await db.updateTable('tickets').set({ csat_requested_at: at }).where('id', '=', ticketId).where('csat_requested_at', 'is', null).returning('id').executeTakeFirst();
  return Boolean(row);
}

/** Gives the claim back after a failed send, so the retried job can take it again. */
export function releaseSurvey(db: Executor, ticketId: number) {
  return db.updateTable('tickets').set({ csat_requested_at: null }).where('id', '=', ticketId).execute();
}

export function lockSurveyTicket(db: Executor, ticketId: number) {
  return db.selectFrom('tickets').select(['id', 'workspace_id', 'contact_id', 'csat_requested_at', 'csat_score', 'csat_comment']).where('id', '=', ticketId).forUpdate().executeTakeFirst();
}

export function saveAnswer(db: Executor, ticketId: number, answer: { csat_score?: number; csat_comment?: string | null; csat_at: Date }) {
  return db.updateTable('tickets').set(answer).where('id', '=', ticketId).execute();
}
