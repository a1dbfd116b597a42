import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import { insertContact } from '../contacts/contacts.repo.js';
import { listIdentities } from './identity.repo.js';
import { resolveContact } from './identity.service.js';

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => (await import('../../boot.js')).closeContext(ctx));

const resolve = (ws: number, o: { email?: string; externalId?: string; source?: string; create?: boolean }) =>
  ctx.db.transaction().execute((db) => resolveContact({ db, workspaceId: ws, source: o.source ?? 'shop', ...o }));

describe('resolveContact', () => {
  it('finds by email, records the external id there, and finds by that id afterwards', async () => {
    const ws = await newWorkspace(ctx);
    const id = await insertContact(ctx.db, ws.id, { email: 'ann@example.com', email_normalized: 'ann@example.com', first_name: 'Ann' });
    expect(await resolve(ws.id, { email: 'ANN@example.com', externalId: 'cust-1' })).toBe(id);
    expect(await resolve(ws.id, { externalId: 'cust-1' })).toBe(id);
    expect(await resolve(ws.id, { externalId: 'cust-1', source: 'chat', create: false })).toBeNull();
    expect(await resolve(ws.id, { externalId: 'tg-9', source: 'chat', email: 'ann@example.com' })).toBe(id);
    expect((await listIdentities(ctx.db, ws.id, id)).map((r) => `${r.source}:${r.external_id}`).sort()).toEqual(['chat:tg-9', 'shop:cust-1']);
  });

  it('creates one contact when asked, never two for the same identifiers', async () => {
    const ws = await newWorkspace(ctx);
    const [a, b] = await Promise.all([resolve(ws.id, { email: 'new@example.com', externalId: 'x1' }), resolve(ws.id, { email: 'new@example.com', externalId: 'x1' })]);
    expect(a).toBe(b);
    const rows = await ctx.db.selectFrom('contacts').select('id').where('workspace_id', '=', ws.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('merges the younger contact into the older when an email and an id turn out to be one person', async () => {
    const ws = await newWorkspace(ctx);
    const older = await insertContact(ctx.db, ws.id, { email: 'bob@example.com', email_normalized: 'bob@example.com', first_name: 'Bob' });
    const younger = (await resolve(ws.id, { externalId: 'shop-7' }))!;
    await ctx.db.insertInto('notes').values({ workspace_id: ws.id, contact_id: younger, body: 'from the shop' }).execute();
    expect(await resolve(ws.id, { email: 'bob@example.com', externalId: 'shop-7' })).toBe(older);
    expect(await ctx.db.selectFrom('contacts').select('id').where('id', '=', younger).executeTakeFirst()).toBeUndefined();
    expect(await resolve(ws.id, { externalId: 'shop-7' })).toBe(older);
    const notes = await ctx.db.selectFrom('notes').select('contact_id').where('workspace_id', '=', ws.id).execute();
    expect(notes).toEqual([{ contact_id: older }]);
    const merged = await ctx.db.selectFrom('timeline_events').select('kind').where('contact_id', '=', older).where('kind', '=', 'merged').execute();
    expect(merged).toHaveLength(1);
  });
});
