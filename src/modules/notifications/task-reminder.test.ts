import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeContext, createContext } from '../../boot.js';
import { loadConfig } from '../../config/config.js';
import type { AppContext } from '../../context.js';
import { newWorkspace } from '../../../test/factories.js';
import { createActivity, updateActivity } from '../activities/activities.service.js';
import { savePreferences } from './notifications.repo.js';
import { runTaskReminder } from './task-reminder.job.js';

/**
 * A reminder due while the server is down fires once after it comes back. The database must
 * outlive the first context: a PGlite directory, or a PostgreSQL database of this test's own
 * (so no other test file's workers can take the job).
 */
const mails: string[] = [];
const smtp = new SMTPServer({
  authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
  onData(stream, _session, done) {
    let text = '';
    stream.on('data', (c: Buffer) => (text += c.toString()));
    stream.on('end', () => { mails.push(text); done(); });
  },
});
let dir: string | undefined;
let databaseUrl: string | undefined;
let smtpPort = 0;

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try { await client.query(text); } finally { await client.end(); }
}

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as { port: number }).port;
  if (process.env.DATABASE_URL) {
    const name = `rapport_reminder_${process.pid}_${Date.now()}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  } else dir = mkdtempSync(join(tmpdir(), 'rapport-reminder-'));
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (databaseUrl) await adminQuery(`drop database if exists ${new URL(databaseUrl).pathname.slice(1)} with (force)`);
});

const open = (workers: boolean) =>
  createContext(loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dir ?? 'memory://', LOG_LEVEL: 'silent', SECRET_KEY: 'test-secret-key-of-at-least-thirty-two-characters', SMTP_URL: `smtp://127.0.0.1:${smtpPort}` }), { workers });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const notificationsOf = (ctx: AppContext, userId: number) => ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).execute();

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > until) return v;
    await sleep(200);
  }
}

describe('task reminders', () => {
  it('fires a reminder that fell due while the server was down exactly once, with one email', async () => {
    const first = await open(false);
    const ws = await newWorkspace(first);
    const actor = ws.owner.actor;
    await savePreferences(first.db, actor.workspaceId, actor.userId!, { emailReminders: true });
    const dueAt = new Date(Date.now() + 1500);
    const task = await createActivity({ ctx: first, actor, input: { type: 'task', subject: 'Call back Ada', dueAt } });
    const stale = await createActivity({ ctx: first, actor, input: { type: 'task', subject: 'Moved', dueAt } });
    await updateActivity({ ctx: first, actor, id: stale.id, input: { dueAt: new Date(Date.now() + 3_600_000) } });
    const done = await createActivity({ ctx: first, actor, input: { type: 'task', subject: 'Done early', dueAt } });
    await updateActivity({ ctx: first, actor, id: done.id, input: { done: true } });
    await closeContext(first);

    await sleep(2500); // the due time passes while nothing runs
    const second = await open(true);
    try {
      const rows = await waitFor(() => notificationsOf(second, actor.userId!), (r) => r.length > 0 && r[0].email_status === 'sent');
      expect(rows.map((r) => r.title)).toEqual(['Task due: Call back Ada']);
      expect(rows[0]).toMatchObject({ kind: 'task_due', source_key: `task-reminder:${task.id}:${dueAt.toISOString()}`, email_status: 'sent' });
      expect(mails).toHaveLength(1);
      expect(mails[0]).toContain('Reminder: Call back Ada');

      // The same job again, directly and through the queue: nothing new is notified or sent.
      expect(await runTaskReminder(second, { taskId: task.id, dueAt: dueAt.toISOString() })).toBe('duplicate');
      await second.queue.send('task-reminder', { taskId: task.id, dueAt: dueAt.toISOString() });
      expect(await runTaskReminder(second, { taskId: stale.id, dueAt: dueAt.toISOString() })).toBe('skipped');
      expect(await runTaskReminder(second, { taskId: done.id, dueAt: dueAt.toISOString() })).toBe('skipped');
      await sleep(2000);
      expect(await notificationsOf(second, actor.userId!)).toHaveLength(1);
      expect(mails).toHaveLength(1);
    } finally {
      await closeContext(second);
    }
  });

  it('notifies in-app only when the assignee has not opted in to email', async () => {
    const ctx = await open(false);
    try {
      const ws = await newWorkspace(ctx);
      const actor = ws.owner.actor;
      const task = await createActivity({ ctx, actor, input: { type: 'task', subject: 'Now', dueAt: new Date(Date.now() + 200) } });
      await sleep(300);
      expect(await runTaskReminder(ctx, { taskId: task.id, dueAt: task.dueAt!.toISOString() })).toBe('notified');
      const rows = await notificationsOf(ctx, actor.userId!);
      expect(rows[0].email_status).toBe('none'); // the user did not opt in to email
    } finally {
      await closeContext(ctx);
    }
  });
});
