import { sql } from 'kysely';
import type { AppContext } from '../src/context.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { segmentContactCount } from '../src/modules/segments/segment-contacts.js';
import type { SegmentNode } from '../src/modules/segments/segment-tree.schema.js';
import { createSegment, listSegmentContacts } from '../src/modules/segments/segments.service.js';
import { fmt, timeRuns } from './stats.js';

/** The five segments people build most, saved through the service (which builds their indexes). */
export const TYPICAL_SEGMENTS: { name: string; tree: SegmentNode }[] = [
  { name: 'field equality (last name is Larsen)', tree: { type: 'field', field: 'lastName', op: 'eq', value: 'larsen' } },
  { name: 'custom field range (score 90–99)', tree: { type: 'field', field: 'custom.score', op: 'between', from: 90, to: 99 } },
  { name: 'tag vip + opened an email in 30 days', tree: { type: 'and', children: [{ type: 'tags', op: 'hasAny', tags: ['vip'] }, { type: 'event', kind: 'email_opened', withinDays: 30 }] } },
  { name: 'birthday in the next 7 days', tree: { type: 'field', field: 'birthday', op: 'anniversaryInNext', days: 7 } },
  {
    name: 'nested OR of three behaviours',
    tree: { type: 'and', children: [{ type: 'or', children: [
      { type: 'event', kind: 'email_clicked', withinDays: 30 },
      { type: 'event', kind: 'form_submitted', withinDays: 90 },
      { type: 'event', kind: 'purchase', withinDays: 365, where: [{ property: 'amount', op: 'gt', value: 400 }] },
    ] }] },
  },
];

/**
 * Seeds `contacts` contacts and `events` timeline events into the actor's workspace with
 * set-based INSERT … SELECT over generate_series (deterministic pseudo-random spreads), in
 * chunks so PGlite and the WAL stay comfortable, then VACUUM ANALYZE so the planner has
 * statistics and index-only scans see an all-visible map.
 */
export async function seedSegmentData(ctx: AppContext, actor: Actor, opts: { contacts: number; events: number; log?: (m: string) => void }) {
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
}

/** Saves the five typical segments, then times count and first page (50 contacts) of each. */
export async function benchSegments(ctx: AppContext, actor: Actor, opts: { runs?: number; log?: (m: string) => void } = {}) {
  const runs = opts.runs ?? 5;
  const results: Record<string, string | number>[] = [];
  for (const s of TYPICAL_SEGMENTS) {
    const saveStart = Date.now();
    const seg = await createSegment({ ctx, actor, input: { name: `bench ${s.name} ${saveStart}`, kind: 'dynamic', version: 1, tree: s.tree, description: null } });
    const saveMs = Date.now() - saveStart; // includes building a custom-field expression index the first time
    let count = 0;
    const counted = await timeRuns(runs, async () => {
      count = await segmentContactCount({ ctx, actor, segmentId: seg.id }); // what countSegment runs
    });
    const paged = await timeRuns(runs, async () => listSegmentContacts({ ctx, actor, id: seg.id, limit: 50 }));
    results.push({ segment: s.name, matches: count, 'count p50': fmt(counted.p50), 'count p95': fmt(counted.p95), 'page p50': fmt(paged.p50), 'page p95': fmt(paged.p95), save: fmt(saveMs) });
    opts.log?.(JSON.stringify(results.at(-1)));
  }
  return results;
}
