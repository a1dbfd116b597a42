import { CompiledQuery, sql } from 'kysely';
import type { RawExecutor } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import type { EmailStatus } from '../../db/schema.js';

const columns = ['id', 'kind', 'title', 'body', 'link', 'read_at', 'created_at'] as const;

/** Lets pg-boss write its job row through the caller's transaction (same connection, same commit). */
export function rawExecutorOf(db: Executor): RawExecutor {
  return { executeSql: async (text, values) => ({ rows: (await db.executeQuery(CompiledQuery.raw(text, values ?? []))).rows as any[] }) };
}

/**
 * Idempotent by `source_key` (unique): a second insert with the same key does nothing and
 * returns undefined, so a job that runs twice notifies once.
 */
export function insertNotification(db: Executor, n: { workspaceId: number; userId: number; kind: string; title: string; body: string; link: string | null; sourceKey: string; emailStatus: EmailStatus }) {
  return db
    .insertInto('notifications')
    .values({ workspace_id: n.workspaceId, user_id: n.userId, kind: n.kind, title: n.title, body: n.body, link: n.link, source_key: n.sourceKey, email_status: n.emailStatus })
    .onConflict((oc) => oc.column('source_key').doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** Takes the right to send the email (pending → sending); only one worker can win it. */
export function claimEmail(db: Executor, sourceKey: string) {
  return db.updateTable('notifications').set({ email_status: 'sending' }).where('source_key', '=', sourceKey).where('email_status', '=', 'pending').returning('id').executeTakeFirst();
}

export async function setEmailStatus(db: Executor, sourceKey: string, status: EmailStatus) {
  await db.updateTable('notifications').set({ email_status: status }).where('source_key', '=', sourceKey).execute();
}

/** Newest first, keyset on id (notifications_user_idx). */
export function listNotifications(db: Executor, q: { workspaceId: number; userId: number; unread: boolean; beforeId?: number; limit: number }) {
  let query = db.selectFrom('notifications').select(columns).where('workspace_id', '=', q.workspaceId).where('user_id', '=', q.userId);
  if (q.unread) query = query.where('read_at', 'is', null);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  return query.orderBy('id', 'desc').limit(q.limit + 1).execute();
}

/** notifications_unread_idx: a partial index holding only unread rows. */
export async function countUnread(db: Executor, workspaceId: number, userId: number): Promise<number> {
  const row = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function markRead(db: Executor, workspaceId: number, userId: number, id: number) {
  return db
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
}

export async function markAllRead(db: Executor, workspaceId: number, userId: number): Promise<number> {
  const rows = await db.updateTable('notifications').set({ read_at: new Date() }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('read_at', 'is', null).returning('id').execute();
  return rows.length;
}

export async function getPreferences(db: Executor, workspaceId: number, userId: number) {
  const row = await db.selectFrom('user_preferences').select(['email_reminders']).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  return { emailReminders: row?.email_reminders ?? false };
}

export async function savePreferences(db: Executor, workspaceId: number, userId: number, p: { emailReminders: boolean }) {
  await db
    .insertInto('user_preferences')
    .values({ user_id: userId, workspace_id: workspaceId, email_reminders: p.emailReminders })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ email_reminders: p.emailReminders, updated_at: new Date() }))
    .execute();
}

/** What a reminder needs, read fresh when it fires: the task, its assignee and their choice of email. */
export function findReminderTask(db: Executor, taskId: number) {
  return db
    .selectFrom('activities as a')
    .innerJoin('users as u', 'u.id', 'a.assignee_id')
    .leftJoin('user_preferences as p', 'p.user_id', 'u.id')
    .leftJoin('deals as d', 'd.id', 'a.deal_id')
    .leftJoin('contacts as c', 'c.id', 'a.contact_id')
    .select([
      'a.id', 'a.workspace_id', 'a.type', 'a.subject', 'a.due_at', 'a.done_at', 'a.assignee_id', 'u.email', 'u.disabled', 'u.role',
      sql<boolean>`coalesce(p.email_reminders, false)`.as('email_reminders'), 'd.title as deal_title', 'd.owner_id as deal_owner_id', 'c.full_name as contact_name',
    ])
    .where('a.id', '=', taskId)
    .where('a.type', '=', 'task')
    .executeTakeFirst();
}
