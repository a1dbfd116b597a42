import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, ownDatabase } from '../../../test/context.js';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { startInboundServer } from '../../mail/inbound-server.js';
import { insertWorkspace } from '../auth/auth.repo.js';
import type { Actor } from '../auth/permissions.js';
import { createInbox } from './inboxes.service.js';
import { fileInTransaction } from './intake-writer.js';
import './inbound-sources.js';

// Mails filed together share a transaction on PGlite (intake-writer.ts); one that fails must fail
// alone: the others are filed and acknowledged, the bad one is answered 451 and leaves nothing.
let ctx: AppContext;
let db: Awaited<ReturnType<typeof ownDatabase>>;
let inbound: { port: number; close: () => Promise<void> };
let actor: Actor;
const address = `support-${Math.random().toString(36).slice(2, 8)}@group.test`;

beforeAll(async () => {
  db = await ownDatabase(); // the trigger below must not reach other test files' mail
  ctx = await createTestContext({ databaseUrl: db.url });
  const ws = await insertWorkspace(ctx.db, 'Group commit');
  actor = { workspaceId: ws.id, role: 'owner', userId: null, apiKeyId: null, label: 'test' };
  await createInbox({ ctx, actor, input: { name: 'Support', address, assignment: 'manual', agentIds: [] } });
  // A message whose subject says "poison" makes its insert fail, as a database error would.
  await sql`create function poison_message() returns trigger language plpgsql as $$
    begin if new.subject like '%poison%' then raise exception 'poisoned mail'; end if; return new; end $$`.execute(ctx.db);
  await sql`create trigger poison_message before insert on ticket_messages for each row execute function poison_message()`.execute(ctx.db);
  inbound = await startInboundServer(ctx, { port: 0, host: '127.0.0.1' });
}, 60_000);
afterAll(async () => {
  await inbound.close();
  await ctx.database.close();
  await db.drop();
});

const subjectsFiled = async () =>
  (await ctx.db.selectFrom('tickets').select('subject').where('workspace_id', '=', actor.workspaceId).orderBy('id').execute()).map((r) => r.subject);

describe('intake group commit', () => {
  it('files the other mails of a group and answers 451 to the one that fails', async () => {
    const send = (i: number, subject: string) =>
      nodemailer.createTransport({ host: '127.0.0.1', port: inbound.port, secure: false, ignoreTLS: true })
        .sendMail({ from: `Customer ${i} <c${i}@customer.test>`, to: address, subject, text: `Mail ${i}\n` });
    const results = await Promise.allSettled([send(1, 'First'), send(2, 'A poison mail'), send(3, 'Third'), send(4, 'Fourth')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ responseCode: 451 });
    expect((await subjectsFiled()).sort()).toEqual(['First', 'Fourth', 'Third']);
    // Nothing of the failed mail is left: neither its contact nor its ticket.
    const contact = await ctx.db.selectFrom('contacts').select('id').where('workspace_id', '=', actor.workspaceId).where('email', '=', 'c2@customer.test').executeTakeFirst();
    expect(contact).toBeUndefined();
  });

  it('resolves each caller with its own result only after its transaction committed', async () => {
    const seen: Executor[] = [];
    const file = (n: number) => fileInTransaction(ctx, actor, async (trx) => {
      seen.push(trx);
      await sql`insert into companies (workspace_id, name) values (${actor.workspaceId}, ${`group-${n}`})`.execute(trx);
      if (n === 2) await sql`select 1 / 0`.execute(trx);
      return n;
    });
    const results = await Promise.allSettled([file(1), file(2), file(3)]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([1, 'failed', 3]);
    const made = await ctx.db.selectFrom('companies').select('name').where('workspace_id', '=', actor.workspaceId).where('name', 'like', 'group-%').orderBy('name').execute();
    expect(made.map((c) => c.name)).toEqual(['group-1', 'group-3']);
    // PGlite: the three went into one transaction first, then each alone (3 + 3); PostgreSQL: one each.
    expect(new Set(seen).size).toBe(ctx.database.kind === 'pglite' ? 4 : 3);
  });
});
