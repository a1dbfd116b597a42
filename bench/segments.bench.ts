import { sql, type RawBuilder } from 'kysely';
import type { AppContext } from '../src/context.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { loadCompileEnv, segmentContactCount } from '../src/modules/segments/segment-contacts.js';
import { treeCountQuery } from '../src/modules/segments/segment-count.js';
import { createPlannedIndexes } from '../src/modules/segments/segment-indexes.js';
import type { SegmentNode } from '../src/modules/segments/segment-tree.schema.js';
import { createSegment, listSegmentContacts } from '../src/modules/segments/segments.service.js';
import { SYSTEM_READER } from '../src/modules/timeline/event-access.js';
import { ORDER_SEGMENTS, seedOrderData } from './segments-orders.js';
import { seedWebEvents, WEB_SEGMENTS } from './segments-web.js';
import { fmt, timeRuns } from './stats.js';

/**
 * The segments people build most, each with the SQL a developer would write by hand for its
 * count (`$ws` is the workspace id): the baseline the compiled count is measured against, in
 * the same run, on the same data.
 */
export const TYPICAL_SEGMENTS: { name: string; tree: SegmentNode; handWritten: (ws: number) => RawBuilder<{ n: number }> }[] = [
  {
    name: 'field equality (last name is Larsen)',
    tree: { type: 'field', field: 'lastName', op: 'eq', value: 'larsen' },
    handWritten: (ws) => sql`select count(*) as n from contacts where workspace_id = ${ws} and lower(last_name) = 'larsen'`,
  },
  {
    name: 'custom field range (score 90–99)',
    tree: { type: 'field', field: 'custom.score', op: 'between', from: 90, to: 99 },
    handWritten: (ws) => sql`select count(*) as n from contacts where workspace_id = ${ws} and jsonb_typeof(custom -> 'score') = 'number' and (custom ->> 'score')::numeric between 90 and 99`,
  },
  {
    name: 'tag vip + opened an email in 30 days',
    tree: { type: 'and', children: [{ type: 'tags', op: 'hasAny', tags: ['vip'] }, { type: 'event', kind: 'email_opened', withinDays: 30 }] },
    handWritten: (ws) => sql`select count(*) as n from contacts c where c.workspace_id = ${ws} and c.tags && array['vip'] and exists
      (select 1 from timeline_events e where e.workspace_id = ${ws} and e.contact_id = c.id and e.kind = 'email_opened' and e.occurred_at >= now() - interval '30 days')`,
  },
  {
    name: 'birthday in the next 7 days',
    tree: { type: 'field', field: 'birthday', op: 'anniversaryInNext', days: 7 },
    handWritten: (ws) => sql`select count(*) as n from contacts where workspace_id = ${ws} and to_char(birthday, 'MM-DD') in
      (select to_char(current_date + d, 'MM-DD') from generate_series(0, 7) d)`,
  },
  {
    name: 'nested OR of three behaviours',
    tree: { type: 'and', children: [{ type: 'or', children: [
      { type: 'event', kind: 'email_clicked', withinDays: 30 },
      { type: 'event', kind: 'form_submitted', withinDays: 90 },
      { type: 'event', kind: 'purchase', withinDays: 365, where: [{ property: 'amount', op: 'gt', value: 400 }] },
    ] }] },
    handWritten: (ws) => sql`select count(distinct contact_id) as n from timeline_events where workspace_id = ${ws} and contact_id is not null and (
      (kind = 'email_clicked' and occurred_at >= now() - interval '30 days') or (kind = 'form_submitted' and occurred_at >= now() - interval '90 days')
      or (kind = 'purchase' and occurred_at >= now() - interval '365 days' and jsonb_typeof(data -> 'amount') = 'number' and (data ->> 'amount')::numeric > 400))`,
  },
  {
    name: 'opened an email at least 3 times in 90 days',
    tree: { type: 'event', kind: 'email_opened', minCount: 3, withinDays: 90 },
    handWritten: (ws) => sql`select count(*) as n from (select contact_id from timeline_events where workspace_id = ${ws} and contact_id is not null
      and kind = 'email_opened' and occurred_at >= now() - interval '90 days' group by contact_id having count(*) >= 3) s`,
  },
  {
    name: 'newsletter, clicked twice in 90 days, not purchased twice',
    tree: { type: 'and', children: [
      { type: 'tags', op: 'hasAny', tags: ['newsletter'] },
      { type: 'event', kind: 'email_clicked', minCount: 2, withinDays: 90 },
      { type: 'event', kind: 'purchase', minCount: 2, negate: true },
    ] },
    handWritten: (ws) => sql`select count(*) as n from contacts c where c.workspace_id = ${ws} and c.tags && array['newsletter']
      and c.id in (select contact_id from timeline_events where workspace_id = ${ws} and kind = 'email_clicked' and occurred_at >= now() - interval '90 days' group by contact_id having count(*) >= 2)
      and c.id not in (select contact_id from timeline_events where workspace_id = ${ws} and kind = 'purchase' and contact_id is not null group by contact_id having count(*) >= 2)`,
  },
];

/**
 * Seeds `contacts` contacts and `events` timeline events into the actor's workspace with
 * set-based INSERT … SELECT over generate_series (deterministic pseudo-random spreads), in
 * chunks so PGlite and the WAL stay comfortable, then VACUUM ANALYZE so the planner has
 * statistics and index-only scans see an all-visible map.
 */
export async function seedSegmentData(ctx: AppContext, actor: Actor, opts: { contacts: number; events: number; webEvents?: number; orders?: number; log?: (m: string) => void }) {
  const { db } = ctx;
  const ws = actor.workspaceId;
  const log = opts.log ?? (() => {});
  await sql`insert into custom_fields (workspace_id, entity, key, label, type, options) values
    (${ws}, 'contact', 'score', 'Score', 'number', '[]'), (${ws}, 'contact', 'tier', 'Tier', 'select', '["gold","silver","bronze"]')
    on conflict do nothing`.execute(db);
  await sql`insert into companies (workspace_id, name, domain, industry)
    select ${ws}, 'Company ' || g, 'company' || g || '.test', (array['retail','tech','health','finance'])[1 + g % 4] from generate_series(1, 500) g`.execute(db);
  const { rows: [co] } = await sql<{ lo: number }>`select min(id) as lo from companies where workspace_id = ${ws}`.execute(db);
  const chunk = 100_000;
  for (let from = 1; from <= opts.contacts; from += chunk) {
    const to = Math.min(opts.contacts, from + chunk - 1);
    await sql`insert into contacts (workspace_id, first_name, last_name, email, email_normalized, birthday, company_id, owner_id, tags, custom, created_at)
      select ${ws},
        (array['Anna','Lars','Maria','Ion','Elena','Jose','Lucia','Mihai','Sofia','Pablo','Ioana','Carmen','Andrei','Laura','David','Ana'])[1 + g % 16],
        (array['Larsen','Popescu','Garcia','Ionescu','Martinez','Lopez','Dumitru','Sanchez','Stan','Fernandez','Larsson','Moreno','Radu','Diaz'])[1 + (g * 5) % 14],
        'p' || g || '@example' || (g % 10) || '.com', 'p' || g || '@example' || (g % 10) || '.com',
        date '1950-01-01' + ((g::bigint * 7919) % 20000)::int,
        ${co.lo}::bigint + g % 500, case when g % 2 = 0 then ${actor.userId}::bigint end,
        case when g % 20 = 0 then array['vip','newsletter'] when g % 3 = 0 then array['newsletter'] else '{}'::text[] end,
        jsonb_build_object('score', (g * 31) % 100, 'tier', (array['gold','silver','bronze'])[1 + g % 3]),
        now() - make_interval(days => (g * 13) % 1000)
      from generate_series(${from}::int, ${to}::int) g`.execute(db);
    log(`contacts ${to}/${opts.contacts}`);
  }
  const { rows: [c] } = await sql<{ lo: number; n: number }>`select min(id) as lo, count(*) as n from contacts where workspace_id = ${ws}`.execute(db);
  const eventChunk = 1_000_000;
  for (let from = 1; from <= opts.events; from += eventChunk) {
    const to = Math.min(opts.events, from + eventChunk - 1);
    // Kinds by share: 40% sent, 25% opened, 10% clicked, 5% form, 5% purchase, 15% other; spread over a year.
    await sql`insert into timeline_events (workspace_id, contact_id, kind, occurred_at, data)
      select ${ws}, ${c.lo}::bigint + abs(hashint4(g)::bigint) % ${c.n}, k.kind, now() - make_interval(secs => abs(hashint8(g::bigint)::bigint) % 31536000),
        case when k.kind like 'email%' then jsonb_build_object('campaignId', 'c' || (g % 24))
             when k.kind = 'purchase' then jsonb_build_object('amount', (g * 37) % 500)
             when k.kind = 'form_submitted' then jsonb_build_object('formId', 'f' || (g % 5))
             else '{}'::jsonb end
      from generate_series(${from}::int, ${to}::int) g
      cross join lateral (select case when g % 20 < 8 then 'email_sent' when g % 20 < 13 then 'email_opened' when g % 20 < 15 then 'email_clicked'
        when g % 20 = 15 then 'form_submitted' when g % 20 = 16 then 'purchase' else 'field_changed' end as kind) k`.execute(db);
    log(`events ${to}/${opts.events}`);
  }
  await sql`vacuum analyze contacts`.execute(db);
  await sql`vacuum analyze timeline_events`.execute(db);
  await seedOrderData(ctx, actor, { orders: opts.orders ?? Math.floor(opts.contacts / 2), log });
  await seedWebEvents(ctx, actor, { events: opts.webEvents ?? opts.events, log });
}

/**
 * Saves each typical segment (timed: it must cost no more than a count), lets the operator build
 * the indexes saved segments use (`rapport segments indexes create`), then times the count, the
 * hand-written count of the same segment, the compiled count statement alone (SQL) and through
 * the service (count: one catalogue query, compiling, the statement), and the first page (50
 * contacts). Ratios are against the hand-written SQL, and save ÷ count; the matches must agree.
 */
export async function benchSegments(ctx: AppContext, actor: Actor, opts: { runs?: number; log?: (m: string) => void } = {}) {
  const runs = opts.runs ?? 5;
  const saved: { s: (typeof TYPICAL_SEGMENTS)[number]; id: number; saveMs: number }[] = [];
  // BENCH_SEGMENTS_ONLY=orders times the order segments alone, =ecrm the website, event and order
  // conditions of issue 12 §6 (quicker runs at a million contacts).
  const only = process.env.BENCH_SEGMENTS_ONLY;
  const segments = only === 'orders' ? ORDER_SEGMENTS : only === 'ecrm' ? [...WEB_SEGMENTS, ...ORDER_SEGMENTS] : [...TYPICAL_SEGMENTS, ...WEB_SEGMENTS, ...ORDER_SEGMENTS];
  const save = (s: (typeof TYPICAL_SEGMENTS)[number], i: number) =>
    createSegment({ ctx, actor, input: { name: `bench ${s.name} ${Date.now()} ${i}`, kind: 'dynamic', version: 1, tree: s.tree, description: null } });
  for (const s of segments) {
    let id = 0;
    const timed = await timeRuns(runs, async (i) => {
      id = (await save(s, i)).id;
    });
    saved.push({ s, id, saveMs: timed.p50 });
  }
  await createPlannedIndexes(ctx.db, { concurrently: ctx.database.kind === 'postgres' });
  await sql`analyze contacts`.execute(ctx.db);
  const results: Record<string, string | number>[] = [];
  for (const { s, id, saveMs } of saved) {
    let count = 0;
    let expected = 0;
    // The compiled count statement alone, without loading the workspace catalogue and compiling.
    const compiled = treeCountQuery(ctx.db, await loadCompileEnv(ctx.db, actor.workspaceId, SYSTEM_READER), s.tree);
    // Interleaved, one run of each in turn, so a stall of the shared machine does not land on one column.
    const [baseline, statement, counted] = await timeInterleaved(runs, [
      async () => {
        expected = Number((await s.handWritten(actor.workspaceId).execute(ctx.db)).rows[0].n);
      },
      () => compiled.execute(ctx.db),
      async () => {
        count = await segmentContactCount({ ctx, actor, segmentId: id }); // what countSegment runs
      },
    ]);
    const paged = await timeRuns(runs, async () => listSegmentContacts({ ctx, actor, id, limit: 50 }));
    results.push({
      segment: s.name, matches: count === expected ? count : `${count} ≠ ${expected}`,
      'hand-written p50': fmt(baseline.p50), 'SQL p50': fmt(statement.p50), 'SQL ÷ hand': ratio(statement.p50, baseline.p50),
      'count p50': fmt(counted.p50), 'count ÷ hand': ratio(counted.p50, baseline.p50),
      'page p50': fmt(paged.p50), 'save p50': fmt(saveMs), 'save ÷ count': ratio(saveMs, counted.p50),
    });
    opts.log?.(JSON.stringify(results.at(-1)));
  }
  return results;
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** Runs each function once per round, `runs` rounds (after one warm-up round), and returns each one's p50. */
async function timeInterleaved(runs: number, fns: (() => Promise<unknown>)[]): Promise<{ p50: number }[]> {
  const samples = fns.map(() => [] as number[]);
  for (let round = -1; round < runs; round++) {
    for (const [i, fn] of fns.entries()) {
      const start = process.hrtime.bigint();
      await fn();
      if (round >= 0) samples[i].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return samples.map((xs) => ({ p50: xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] }));
}
