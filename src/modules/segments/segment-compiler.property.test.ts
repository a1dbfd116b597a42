import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import { jsonb, textArray } from '../../db/executor.js';
import { behaviourTreeArb, companyArb, contactArb, dayOf, INTERESTS, nowArb, SIZES, TIERS, treeArb, type GenCompany, type GenContact } from './segment-arbitraries.js';
import { treeContactsQuery } from './segment-compiler.js';
import { treeCountQuery } from './segment-count.js';
import { loadCompileEnv } from './segment-contacts.js';
import { SYSTEM_READER } from '../timeline/event-access.js';
import { evaluate, type EvalContact, type EvalWorld } from './segment-evaluator.js';
import type { SegmentNode } from './segment-tree.schema.js';

/**
 * The compiled SQL must select exactly the contacts the reference evaluator accepts, for random
 * contacts, events and trees, on PGlite and on PostgreSQL (DATABASE_URL). Each run seeds a fresh
 * workspace, so runs never see each other's rows.
 */
let ctx: AppContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => (await import('../../boot.js')).closeContext(ctx));

/** Replaces the placeholder user (1, 2), segment (1 static, 2 dynamic) and list (1, 2) ids. */
function bind(tree: SegmentNode, users: number[], segments: number[], lists: number[]): SegmentNode {
  const n = structuredClone(tree) as SegmentNode;
  const visit = (x: SegmentNode) => {
    if (x.type === 'owner') x.userId = users[(x.userId ?? 1) - 1];
    if (x.type === 'segment') x.segmentId = segments[x.segmentId - 1];
    if ((x.type === 'list' || x.type === 'consent') && x.listId !== undefined) x.listId = lists[x.listId - 1];
    if (x.type === 'and' || x.type === 'or') x.children.forEach(visit);
    if (x.type === 'not') visit(x.child);
  };
  visit(n);
  return n;
}

async function seed(now: Date, companies: GenCompany[], contacts: GenContact[], dynamicTree: SegmentNode) {
  const db = ctx.db;
  const ws = await newWorkspace(ctx);
  const users = [ws.owner.actor.userId!, (await ws.as('sales')).actor.userId!];
  const defs: [string, string, string, string[]][] = [
    ['contact', 'score', 'number', []], ['contact', 'renewal', 'date', []], ['contact', 'tier', 'select', TIERS], ['contact', 'interests', 'multiselect', INTERESTS],
    ['contact', 'active', 'boolean', []], ['contact', 'nick', 'text', []], ['company', 'size', 'select', SIZES],
  ];
  await db.insertInto('custom_fields').values(defs.map(([entity, key, type, options]) => ({ workspace_id: ws.id, entity, key, label: key, type, options: jsonb(options) }) as never)).execute();
  const companyIds: number[] = [];
  for (const co of companies) {
    const custom = co.size ? { size: co.size } : {};
    companyIds.push((await db.insertInto('companies').values({ workspace_id: ws.id, name: co.name, domain: co.domain, industry: co.industry, custom: jsonb(custom) }).returning('id').executeTakeFirstOrThrow()).id);
  }
  const rows = contacts.map((c, i) => {
    const custom: Record<string, unknown> = {};
    if (c.score !== null) custom.score = c.score;
    if (c.renewal !== null) custom.renewal = dayOf(c.renewal, now);
    if (c.tier !== null) custom.tier = c.tier;
    if (c.interests !== null) custom.interests = c.interests;
    if (c.active !== null) custom.active = c.active;
    if (c.nick !== null && c.nick !== '') custom.nick = c.nick;
    return {
      workspace_id: ws.id, first_name: c.firstName, last_name: c.lastName, email: c.email ? `${i}${c.email}` : null, job_title: c.jobTitle,
      birthday: c.birthday ? dayOf(c.birthday.d, now, c.birthday.year) : null, created_at: new Date(now.getTime() - c.createdHoursAgo * 3_600_000),
      owner_id: c.owner ? users[c.owner - 1] : null, company_id: c.company ? companyIds[c.company - 1] : null, tags: textArray(c.tags), custom: jsonb(custom),
    };
  });
  const ids = (await db.insertInto('contacts').values(rows).returning('id').execute()).map((r) => r.id);
  const events = contacts.flatMap((c, i) => c.events.map((e) => ({
    workspace_id: ws.id, contact_id: ids[i], kind: e.kind, occurred_at: new Date(now.getTime() - e.hoursAgo * 3_600_000),
    data: jsonb({ ...(e.campaignId ? { campaignId: e.campaignId } : {}), ...(e.amount !== null ? { amount: e.amount } : {}) }),
  })));
  if (events.length) await db.insertInto('timeline_events').values(events).execute();
  await seedWeb(ws.id, now, ids, contacts);
  // Company-only events (no contact) of every kind, which no contact may match or be counted for.
  const companyEvents = ['email_opened', 'email_clicked', 'purchase'].map((kind) => ({ workspace_id: ws.id, company_id: companyIds[0], kind, occurred_at: now, data: jsonb({ amount: 100 }) }));
  await db.insertInto('timeline_events').values(companyEvents).execute();
  const listIds: number[] = [];
  for (const name of ['news', 'offers']) listIds.push((await db.insertInto('lists').values({ workspace_id: ws.id, name }).returning('id').executeTakeFirstOrThrow()).id);
  const members = contacts.flatMap((c, i) => c.lists.map((m) => ({ workspace_id: ws.id, list_id: listIds[m.list - 1], contact_id: ids[i], status: m.status })));
  if (members.length) await db.insertInto('list_members').values(members).execute();
  const consents = contacts.flatMap((c, i) => c.consents.map((k) => ({ workspace_id: ws.id, contact_id: ids[i], channel: 'email' as const, list_id: k.list ? listIds[k.list - 1] : null, status: k.status })));
  if (consents.length) await db.insertInto('contact_consents').values(consents).execute();
  const segIds: number[] = [];
  for (const [name, kind, tree] of [['frozen', 'static', { type: 'and', children: [] }], ['live', 'dynamic', dynamicTree]] as const) {
    segIds.push((await db.insertInto('segments').values({ workspace_id: ws.id, name, kind, tree: jsonb(tree) }).returning('id').executeTakeFirstOrThrow()).id);
  }
  const frozen = ids.filter((_, i) => contacts[i].inStatic);
  if (frozen.length) await db.insertInto('segment_members').values(frozen.map((contact_id) => ({ workspace_id: ws.id, segment_id: segIds[0], contact_id }))).execute();
  await db.updateTable('segments').set({ tree: jsonb(bind(dynamicTree, users, [segIds[0], segIds[0]], listIds)) }).where('id', '=', segIds[1]).execute();
  return { workspaceId: ws.id, users, segIds, listIds };
}

/** Two visitors per contact and one anonymous visitor (whose events no contact may match). */
async function seedWeb(workspaceId: number, now: Date, ids: number[], contacts: GenContact[]) {
  const visitors = [...ids.flatMap((id) => [0, 1].map((k) => ({ key: `c${id}-${k}`, contact_id: id as number | null }))), { key: 'anon', contact_id: null }];
  const rows = await ctx.db.insertInto('visitors').values(visitors.map((v) => ({ workspace_id: workspaceId, anonymous_id: v.key, contact_id: v.contact_id, first_seen_at: now, last_seen_at: now }))).returning(['id', 'anonymous_id']).execute();
  const visitorId = new Map(rows.map((r) => [r.anonymous_id, r.id]));
  const web = contacts.flatMap((c, i) => [...c.web.map((e) => ({ ...e, key: `c${ids[i]}-${e.visitor}` })), ...(i === 0 ? c.web.map((e) => ({ ...e, key: 'anon' })) : [])]);
  if (!web.length) return;
  await ctx.db.insertInto('web_events').values(web.map((e, n) => ({
    workspace_id: workspaceId, event_id: `e${n}`, visitor_id: visitorId.get(e.key)!, page: e.page, name: e.page ? 'page_view' : e.name,
    occurred_at: new Date(now.getTime() - e.hoursAgo * 3_600_000), url: `https://shop.test${e.path}`, path: e.path,
    properties: jsonb(e.amount !== null ? { amount: e.amount } : {}),
  }))).execute();
}

/** The evaluator's view of the workspace, read back from the database (generated columns included). */
async function loadWorld(workspaceId: number, now: Date): Promise<{ contacts: EvalContact[]; world: EvalWorld }> {
  const db = ctx.db;
  const env = await loadCompileEnv(db, workspaceId, SYSTEM_READER, now);
  const cs = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).execute();
  const cos = new Map((await db.selectFrom('companies').selectAll().where('workspace_id', '=', workspaceId).execute()).map((c) => [c.id, c]));
  const evs = await db.selectFrom('timeline_events').selectAll().where('workspace_id', '=', workspaceId).execute();
  const members = await db.selectFrom('segment_members').select(['segment_id', 'contact_id']).where('workspace_id', '=', workspaceId).execute();
  const listRows = await db.selectFrom('list_members').select(['contact_id', 'list_id', 'status']).where('workspace_id', '=', workspaceId).execute();
  const consentRows = await db.selectFrom('contact_consents').select(['contact_id', 'list_id', 'status']).where('workspace_id', '=', workspaceId).execute();
  const webRows = await db.selectFrom('web_events as e').innerJoin('visitors as v', 'v.id', 'e.visitor_id')
    .select(['v.contact_id', 'e.page', 'e.name', 'e.url', 'e.path', 'e.occurred_at', 'e.properties']).where('e.workspace_id', '=', workspaceId).execute();
  const contacts = cs.map((c): EvalContact => {
    const co = c.company_id ? cos.get(c.company_id)! : null;
    return {
      id: c.id, ownerId: c.owner_id, tags: c.tags, custom: c.custom,
      fields: { firstName: c.first_name, lastName: c.last_name, fullName: c.full_name, email: c.email, phone: c.phone, jobTitle: c.job_title, birthday: c.birthday, createdAt: c.created_at, updatedAt: c.updated_at },
      company: co ? { name: co.name, domain: co.domain, industry: co.industry, custom: co.custom } : null,
      events: evs.filter((e) => e.contact_id === c.id).map((e) => ({ kind: e.kind, occurredAt: e.occurred_at, data: e.data })),
      lists: listRows.filter((m) => m.contact_id === c.id).map((m) => ({ listId: m.list_id, status: m.status })),
      consents: consentRows.filter((k) => k.contact_id === c.id).map((k) => ({ listId: k.list_id, status: k.status })),
      web: webRows.filter((e) => e.contact_id === c.id).map((e) => ({ page: e.page, name: e.name, url: e.url, path: e.path, occurredAt: e.occurred_at, properties: e.properties })),
    };
  });
  const segments = new Map([...env.segments.values()].map((s) => [s.id, { kind: s.kind, tree: s.tree, members: new Set(members.filter((m) => m.segment_id === s.id).map((m) => m.contact_id)) }]));
  return { contacts, world: { now, contactDefs: env.contactDefs, companyDefs: env.companyDefs, segments } };
}

describe('segment compiler', () => {
  it('selects exactly the contacts the reference evaluator accepts', async () => {
    const scenario = nowArb.chain((now) => fc.record({
      now: fc.constant(now),
      companies: fc.array(companyArb, { minLength: 2, maxLength: 2 }),
      contacts: fc.array(contactArb, { minLength: 4, maxLength: 14 }),
      dynamicTree: treeArb(now),
      trees: fc.tuple(fc.array(treeArb(now), { minLength: 6, maxLength: 6 }), behaviourTreeArb).map(([some, behaviours]) => [...some, behaviours]),
    }));
    await fc.assert(
      fc.asyncProperty(scenario, async ({ now, companies, contacts, dynamicTree, trees }) => {
        const { workspaceId, users, segIds, listIds } = await seed(now, companies, contacts, dynamicTree);
        const { contacts: evalContacts, world } = await loadWorld(workspaceId, now);
        const env = await loadCompileEnv(ctx.db, workspaceId, SYSTEM_READER, now);
        for (const raw of trees) {
          const tree = bind(raw, users, segIds, listIds);
          const fromSql = (await treeContactsQuery(ctx.db, env, tree).execute()).map((r) => r.contact_id).sort((a, b) => a - b);
          const expected = evalContacts.filter((c) => evaluate(tree, c, world)).map((c) => c.id).sort((a, b) => a - b);
          expect(fromSql, JSON.stringify({ now, tree })).toEqual(expected);
          const { rows } = await treeCountQuery(ctx.db, env, tree).execute(ctx.db); // a different SQL shape for behaviour-only trees
          expect(Number(rows[0].n), `count ${JSON.stringify({ now, tree })}`).toBe(expected.length);
        }
      }),
      { numRuns: Number(process.env.SEGMENT_RUNS ?? 100) },
    );
  }, 120_000);

  it('agrees on every birthday of the year for anniversary windows across New Year and 29 February', async () => {
    const ws = await newWorkspace(ctx);
    const days = Array.from({ length: 366 }, (_, i) => new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    const birthdays = [...days, '1990-02-28', '1990-03-01', '1999-12-31'];
    await ctx.db.insertInto('contacts').values(birthdays.map((b) => ({ workspace_id: ws.id, first_name: b, birthday: b }))).execute();
    for (const nowIso of ['2023-12-25T00:00:00Z', '2023-02-27T23:59:59Z', '2024-02-27T12:00:00Z', '2024-02-29T00:00:00Z', '2025-02-28T06:00:00Z', '2024-12-31T23:00:00Z']) {
      const now = new Date(nowIso);
      const { contacts, world } = await loadWorld(ws.id, now);
      const env = await loadCompileEnv(ctx.db, ws.id, SYSTEM_READER, now);
      for (const n of [0, 1, 2, 7, 60, 365, 366]) {
        const tree: SegmentNode = { type: 'field', field: 'birthday', op: 'anniversaryInNext', days: n };
        const fromSql = (await treeContactsQuery(ctx.db, env, tree).execute()).map((r) => r.contact_id).sort((a, b) => a - b);
        const expected = contacts.filter((c) => evaluate(tree, c, world)).map((c) => c.id).sort((a, b) => a - b);
        expect(fromSql, `${nowIso} +${n}`).toEqual(expected);
      }
    }
  });
});
