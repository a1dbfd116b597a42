import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { closeContext } from '../../boot.js';
import type { AppContext } from '../../context.js';
import { updateCompany } from '../companies/companies.service.js';
import { listContacts } from '../contacts/contacts.service.js';
import { listContactsQuery } from '../contacts/contacts.schema.js';
import { updateContact } from '../contacts/contacts.service.js';
import { startImport } from './imports.service.js';
import { runImport } from './run-import.js';
import { uploadImport } from './upload-import.js';

let ctx: AppContext;
let ws: TestWorkspace;
beforeAll(async () => {
  ctx = await createTestContext();
  ws = await newWorkspace(ctx);
});
afterAll(async () => closeContext(ctx));

const MAPPING = { Email: 'email', First: 'firstName', Last: 'lastName', Company: 'company', Tags: 'tags' };
async function importCsv(csv: string, batchSize = 2) {
  const id = await uploadImport({ ctx, actor: ws.owner.actor, filename: 'batch.csv', file: Readable.from([Buffer.from(csv)]) });
  await startImport({ ctx, actor: ws.owner.actor, id, inline: true, input: { mapping: MAPPING, mode: 'upsert', dryRun: false } });
  return { id, done: await runImport({ ctx, importId: id, batchSize }) };
}
const search = async (q: string) => (await listContacts({ ctx, actor: ws.owner.actor, query: listContactsQuery.parse({ q }) })).data.map((c) => c.email);
/** Contacts whose stored vector differs from what the trigger's definition gives now. */
const staleVectors = async () =>
  Number((await sql<{ n: number }>`select count(*) as n from contacts c where workspace_id = ${ws.id} and search is distinct from contact_search_vector(c)`.execute(ctx.db)).rows[0].n);
const importedEvents = (importId: number) =>
  sql<{ email: string; data: Record<string, unknown> }>`select c.email, e.data from timeline_events e join contacts c on c.id = e.contact_id
    where e.kind = 'imported' and (e.data ->> 'importId')::bigint = ${importId} order by (e.data ->> 'row')::int`.execute(ctx.db).then((r) => r.rows);

const FILE = 'Email,First,Last,Company,Tags\nada@batch.test,Ada,Lovelace,Analytical Engines,vip\nalan@batch.test,Alan,Turing,Bletchley Park,\ngrace@batch.test,Grace,Hopper,Analytical Engines,navy\n';

describe('import batch writer', () => {
  it('writes one audit entry per batch naming the import, the file hash, the rows and the counts, and none per contact', async () => {
    const { id, done } = await importCsv(FILE);
    expect(done).toMatchObject({ status: 'completed', created: 3, failed: 0 });
    const audit = await ctx.db.selectFrom('audit_log').select(['entity', 'entity_id', 'action', 'after']).where('workspace_id', '=', ws.id).where('entity', 'in', ['contact', 'import']).orderBy('id').execute();
    const sha = createHash('sha256').update(FILE).digest('hex');
    expect(audit).toEqual([
      { entity: 'import', entity_id: id, action: 'rows_imported', after: { importId: id, kind: 'contacts', fileSha256: sha, rows: { first: 2, last: 3 }, created: 2, updated: 0, failed: 0, skipped: 0 } },
      { entity: 'import', entity_id: id, action: 'rows_imported', after: { importId: id, kind: 'contacts', fileSha256: sha, rows: { first: 4, last: 4 }, created: 1, updated: 0, failed: 0, skipped: 0 } },
    ]);
    // Each contact's timeline names the import and its row, which the kept file and hash prove.
    expect((await importedEvents(id)).map((e) => [e.email, e.data.row, e.data.action])).toEqual([
      ['ada@batch.test', 2, 'created'], ['alan@batch.test', 3, 'created'], ['grace@batch.test', 4, 'created'],
    ]);
  });

  it('computes the search vector set-based exactly as the trigger would, company name included', async () => {
    expect(await staleVectors()).toBe(0);
    expect(await search('analytical')).toEqual(expect.arrayContaining(['ada@batch.test', 'grace@batch.test']));
    expect(await search('bletchley')).toEqual(['alan@batch.test']);
  });

  it('a re-import of the same file writes nothing but its timeline rows; a changed row records its changes', async () => {
    const before = await ctx.db.selectFrom('contacts').select(['email', 'updated_at']).where('workspace_id', '=', ws.id).orderBy('email').execute();
    const same = await importCsv(FILE);
    expect(same.done).toMatchObject({ created: 0, updated: 3, failed: 0 });
    expect(await ctx.db.selectFrom('contacts').select(['email', 'updated_at']).where('workspace_id', '=', ws.id).orderBy('email').execute()).toEqual(before);
    expect((await importedEvents(same.id)).map((e) => e.data)).toEqual([2, 3, 4].map((row) => ({ importId: same.id, action: 'updated', row })));

    const changed = await importCsv('Email,First,Last,Company,Tags\nada@batch.test,Augusta,Lovelace,Bletchley Park,vip;poet\n');
    expect(changed.done).toMatchObject({ updated: 1 });
    expect((await importedEvents(changed.id))[0].data).toEqual({
      importId: changed.id, action: 'updated', row: 2, tagsAdded: ['poet'],
      changes: [{ field: 'firstName', before: 'Ada', after: 'Augusta' }, { field: 'companyId', before: expect.any(Number), after: expect.any(Number) }],
    });
    expect(await staleVectors()).toBe(0);
    expect(await search('augusta bletchley')).toEqual(['ada@batch.test']);
    expect(await search('analytical')).toEqual(['grace@batch.test']);
  });

  it('other writers still get their vector from the trigger: a contact edit and a company rename', async () => {
    const [grace] = await ctx.db.selectFrom('contacts').select(['id', 'company_id']).where('workspace_id', '=', ws.id).where('email', '=', 'grace@batch.test').execute();
    await updateContact({ ctx, actor: ws.owner.actor, id: grace.id, input: { lastName: 'Murray' } });
    await updateCompany({ ctx, actor: ws.owner.actor, id: grace.company_id!, input: { name: 'Difference Engines' } });
    expect(await staleVectors()).toBe(0);
    expect(await search('murray difference')).toEqual(['grace@batch.test']);
    expect(await search('hopper')).toEqual([]);
  });
});
