import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import { createList } from '../lists/lists.service.js';
import { addSuppression } from '../suppressions/suppressions.service.js';
import type { ImportSubscribe } from './import-consent.js';
import { startImport } from './imports.service.js';
import { runImport } from './run-import.js';
import { uploadImport } from './upload-import.js';

let ctx: AppContext;
let ws: TestWorkspace;
beforeAll(async () => {
  ctx = await createTestContext();
  (ctx.config as { SMTP_URL?: string }).SMTP_URL = 'smtp://127.0.0.1:2';
  ws = await newWorkspace(ctx);
});
afterAll(async () => {
  const { closeContext } = await import('../../boot.js');
  await closeContext(ctx);
});

const csv = (emails: string[]) => `Email,First\n${emails.map((e, i) => `${e},P${i}`).join('\n')}\n`;
async function importWith(emails: string[], subscribe: ImportSubscribe | undefined, dryRun = false) {
  const id = await uploadImport({ ctx, actor: ws.owner.actor, filename: 'people.csv', file: Readable.from([Buffer.from(csv(emails))]) });
  await startImport({ ctx, actor: ws.owner.actor, id, input: { mapping: { Email: 'email', First: 'firstName' }, mode: 'upsert', dryRun, subscribe }, inline: true });
  return runImport({ ctx, importId: id, batchSize: 2 });
}
const list = (optInMode: 'single' | 'double') => createList({ ctx, actor: ws.owner.actor, input: { name: `Imported ${Math.random()}`, purpose: 'marketing', optInMode, description: null, publicName: null, publicDescription: null, senderName: null } });
const members = (listId: number) => ctx.db.selectFrom('list_members as m').innerJoin('contacts as c', 'c.id', 'm.contact_id').select(['c.email', 'm.status']).where('m.list_id', '=', listId).orderBy('c.email').execute();
const declared = (listId: number): ImportSubscribe => ({ listId, lawfulBasis: 'consent', proof: 'Webinar registrations, March 2026 (checkbox ticked)' });

describe('import with consent', () => {
  it('subscribes the imported rows with the declared basis and proof on each ledger row', async () => {
    const l = await list('single');
    await addSuppression({ ctx, actor: ws.owner.actor, input: { email: 'bounced@example.org', reason: 'hard_bounce' } });
    const done = await importWith(['a1@example.org', 'a2@example.org', 'a3@example.org', 'bounced@example.org'], declared(l.id));
    expect(done.status).toBe('completed');
    expect(await members(l.id)).toEqual(['a1', 'a2', 'a3'].map((p) => ({ email: `${p}@example.org`, status: 'subscribed' })));
    const ledger = await ctx.db.selectFrom('consent_events').selectAll().where('list_id', '=', l.id).execute();
    expect(ledger).toHaveLength(3);
    for (const r of ledger) expect(r).toMatchObject({ source: 'import', status: 'granted', lawful_basis: 'consent', actor_label: ws.owner.actor.label });
    expect(ledger[0].proof).toMatch(/^Webinar registrations, March 2026 \(checkbox ticked\) \(import #\d+\)$/);
  });

  it('makes rows pending with a queued confirmation each on a double opt-in list; a dry run subscribes nobody', async () => {
    const l = await list('double');
    const dry = await importWith(['d1@example.org'], declared(l.id), true);
    expect(dry.status).toBe('completed');
    expect(await members(l.id)).toEqual([]);
    await importWith(['b1@example.org', 'b2@example.org', 'b3@example.org'], declared(l.id));
    expect((await members(l.id)).map((m) => m.status)).toEqual(['pending', 'pending', 'pending']);
    const tokens = await ctx.db.selectFrom('confirmation_tokens').select('contact_id').where('workspace_id', '=', ws.id).execute();
    expect(tokens.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a declaration without proof or with another workspace’s list, naming the field', async () => {
    const id = await uploadImport({ ctx, actor: ws.owner.actor, filename: 'x.csv', file: Readable.from([Buffer.from(csv(['x@example.org']))]) });
    const start = (subscribe: ImportSubscribe) => startImport({ ctx, actor: ws.owner.actor, id, input: { mapping: { Email: 'email' }, mode: 'upsert', dryRun: false, subscribe }, inline: true });
    await expect(start({ listId: 99_999_999, lawfulBasis: 'consent', proof: 'ok ok' })).rejects.toMatchObject({ details: { fields: [{ path: 'subscribe.listId' }] } });
    const other = await newWorkspace(ctx);
    const foreign = await createList({ ctx, actor: other.owner.actor, input: { name: 'Theirs', purpose: 'marketing', description: null, publicName: null, publicDescription: null, senderName: null } });
    await expect(start({ listId: foreign.id, lawfulBasis: 'consent', proof: 'ok ok' })).rejects.toMatchObject({ details: { fields: [{ path: 'subscribe.listId' }] } });
    const { startImportBody } = await import('./imports.schema.js');
    const parsed = startImportBody.safeParse({ mapping: { Email: 'email' }, subscribe: { listId: 1, lawfulBasis: 'consent' } });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'))).toEqual(['subscribe.proof']);
  });
});
