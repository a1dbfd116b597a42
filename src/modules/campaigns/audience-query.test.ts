import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { emailHash } from '../audience/email-hash.js';
import { signLink } from '../audience/link-tokens.js';
import { eligibleRecipients } from '../audience/send-guard.js';
import { createContact } from '../contacts/contacts.service.js';
import { eraseContact } from '../gdpr/gdpr.service.js';
import { createList, setMembers } from '../lists/lists.service.js';
import { savePreferences } from '../public/preferences.js';
import { createSegment } from '../segments/segments.service.js';
import { addSuppression } from '../suppressions/suppressions.service.js';
import { audienceQuery, countAudience, hmacPads } from './audience-query.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => t.close());

const consent = { source: 'admin' as const, lawfulBasis: 'consent' as const, proof: 'test fixture' };
const listInput = (name: string) => ({ name, purpose: 'marketing' as const, optInMode: 'single' as const, description: null, publicName: null, publicDescription: null, senderName: null });

describe('audienceQuery', () => {
  it('computes the suppression key in SQL exactly as emailHash does', async () => {
    for (const secret of ['short', 'x'.repeat(64), 'y'.repeat(100)]) {
      const { inner, outer } = hmacPads(secret);
      const { rows } = await sql<{ h: string }>`select encode(sha256(decode(${outer}, 'hex') || sha256(decode(${inner}, 'hex')
        || convert_to(${'suppression:ab@gmail.com'}, 'UTF8'))), 'hex') as h`.execute(t.ctx.db);
      expect(rows[0].h).toBe(createHmac('sha256', secret).update('suppression:ab@gmail.com').digest('hex'));
    }
  });

  it('selects what the send guard selects, over several lists, narrowed and excluded by segments', async () => {
    const ctx = t.ctx;
    const ws = await newWorkspace(ctx);
    const actor = ws.owner.actor;
    const a = await createList({ ctx, actor, input: listInput('A') });
    const b = await createList({ ctx, actor, input: listInput('B') });
    const tag = `r${ws.id}`;
    const mk = async (email: string, lists: number[], tags: string[] = []) => {
      const c = await createContact({ ctx, actor, input: { email, tags } });
      for (const l of lists) await setMembers({ ctx, actor, id: l, input: { contactIds: [c.id], status: 'subscribed', consent } });
      return c.id;
    };
    const onA = await mk(`On.A+news@Example.org`, [a.id], ['vip']);
    const onB = await mk(`on.b@example.org`, [b.id]);
    const both = await mk(`both@example.org`, [a.id, b.id], ['vip']);
    await mk(`no.list@example.org`, []);
    const gmail = await mk(`Fi.Rst+x@googlemail.com`, [a.id]);
    await addSuppression({ ctx, actor, input: { email: 'first@gmail.com', reason: 'manual' } });
    const withdrawn = await mk(`gone@example.org`, [a.id]);
    await savePreferences(ctx, signLink(ctx.secret, { p: 'preferences', w: ws.id, c: withdrawn }), { listIds: [], all: true }, { ip: '192.0.2.1', userAgent: null });
    const unsub = await mk(`unsub@example.org`, [b.id]);
    await setMembers({ ctx, actor, id: b.id, input: { contactIds: [unsub], status: 'unsubscribed', consent } });
    const erased = await mk(`erased@example.org`, [a.id]);
    await eraseContact({ ctx, actor, contactId: erased });
    await mk(`erased@example.org`, [a.id]);
    await mk(`bad address@example.org`, [a.id]).catch(() => undefined);
    expect(emailHash(ctx.secret, 'Fi.Rst+x@googlemail.com')).toBe(emailHash(ctx.secret, 'first@gmail.com'));

    const audience = (listIds: number[], includeSegmentIds: number[] = [], excludeSegmentIds: number[] = []) => ({ listIds, includeSegmentIds, excludeSegmentIds });
    const ids = async (spec: ReturnType<typeof audience>) => (await (await audienceQuery({ ctx, actor, audience: spec })).execute()).map((r) => r.contact_id).sort((x, y) => x - y);
    const guard = async (listIds: number[]) => {
      const all = new Set<number>();
      for (const listId of listIds) for (const r of (await eligibleRecipients({ ctx, workspaceId: ws.id, listId })).recipients) all.add(r.contactId);
      return [...all].sort((x, y) => x - y);
    };
    expect(await ids(audience([a.id, b.id]))).toEqual([onA, onB, both].sort((x, y) => x - y));
    expect(await ids(audience([a.id, b.id]))).toEqual(await guard([a.id, b.id]));
    expect(await ids(audience([a.id]))).toEqual(await guard([a.id]));
    expect(await countAudience({ ctx, actor, audience: audience([a.id, b.id]) })).toBe(3);
    expect(gmail).toBeGreaterThan(0);

    const vip = await createSegment({ ctx, actor, input: { name: `vip ${tag}`, kind: 'dynamic', version: 1, description: null, tree: { type: 'tags', op: 'hasAny', tags: ['vip'] } } });
    expect(await ids(audience([a.id, b.id], [vip.id]))).toEqual([onA, both].sort((x, y) => x - y));
    expect(await ids(audience([a.id, b.id], [], [vip.id]))).toEqual([onB]);
    const rows = await (await audienceQuery({ ctx, actor, audience: audience([b.id]) })).orderBy('c.id').execute();
    expect(rows.map((r) => [r.email, r.domain, Number(r.list_id)])).toEqual([['on.b@example.org', 'example.org', b.id], ['both@example.org', 'example.org', b.id]]);
    const both2 = await (await audienceQuery({ ctx, actor, audience: audience([a.id, b.id]) })).where('c.id', '=', both).execute();
    expect(Number(both2[0].list_id)).toBe(Math.min(a.id, b.id));
  });

  it('refuses an empty audience and a list of another workspace, naming the field', async () => {
    const ws = await newWorkspace(t.ctx);
    const other = await newWorkspace(t.ctx);
    const foreign = await createList({ ctx: t.ctx, actor: other.owner.actor, input: listInput('X') });
    const spec = (listIds: number[]) => ({ ctx: t.ctx, actor: ws.owner.actor, audience: { listIds, includeSegmentIds: [], excludeSegmentIds: [] } });
    await expect(countAudience(spec([]))).rejects.toThrow(/list_ids/);
    await expect(countAudience(spec([foreign.id]))).rejects.toThrow(/list/);
  });
});
