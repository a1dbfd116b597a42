import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { closeContext, createContext } from '../src/boot.js';
import { loadConfig } from '../src/config/config.js';
import type { AppContext } from '../src/context.js';
import { insertWorkspace } from '../src/modules/auth/auth.repo.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { getBoard } from '../src/modules/deals/deal-board.service.js';
import { createPipeline } from '../src/modules/pipelines/pipelines.service.js';
import { forecastQuery } from '../src/modules/reports/reports.schema.js';
import { forecastReport } from '../src/modules/reports/reports.service.js';
import { fmt, ratio, table, timeRuns } from './stats.js';

/**
 * Seeds `deals` deals into one six-stage pipeline of the actor's workspace with set-based
 * INSERT … SELECT over generate_series (70% open, 20% won, 10% lost; 20 owners; close dates over
 * 12 months; EUR and some USD), one stage-history row each, then VACUUM ANALYZE so the planner has
 * statistics and the board totals can be index-only scans.
 */
export async function seedSalesData(ctx: AppContext, actor: Actor, opts: { deals: number }) {
  const { db } = ctx;
  const ws = actor.workspaceId;
  const pipeline = await createPipeline({ ctx, actor, input: { name: 'Bench pipeline', stages: [10, 20, 40, 60, 80, 90].map((p, i) => ({ name: `Stage ${i + 1}`, probability: p })) } });
  await sql`insert into users (workspace_id, email, name, role)
    select ${ws}, 'bench-rep-' || ${ws} || '-' || g || '@bench.test', 'Rep ' || g, 'sales' from generate_series(1, 20) g`.execute(db);
  const stageIds = pipeline.stages.map((s) => s.id);
  const chunk = 25_000;
  for (let start = 1; start <= opts.deals; start += chunk) {
    const end = Math.min(opts.deals, start + chunk - 1);
    await sql`
      with reps as (select array_agg(id order by id) as ids from users where workspace_id = ${ws} and email like 'bench-rep-%')
      insert into deals (workspace_id, pipeline_id, stage_id, title, value, currency, expected_close_date, status, owner_id, created_at, closed_at, won_at, lost_at, stage_entered_at)
      select ${ws}, ${pipeline.id}, (${JSON.stringify(stageIds)}::jsonb ->> (g % 6))::bigint, 'Deal ' || g, ((g * 7919) % 100000) / 10.0,
             case when g % 10 = 0 then 'USD' else 'EUR' end, current_date + ((g * 13) % 365 - 30),
             s.status, reps.ids[1 + g % 20], c.created, case when s.status <> 'open' then c.created + interval '20 days' end,
             case when s.status = 'won' then c.created + interval '20 days' end, case when s.status = 'lost' then c.created + interval '20 days' end, c.created
        from generate_series(${start}::int, ${end}::int) g, reps,
             lateral (select case when g % 10 < 7 then 'open' when g % 10 < 9 then 'won' else 'lost' end as status) s,
             lateral (select now() - ((g % 400) || ' days')::interval as created) c`.execute(db);
  }
  await sql`insert into deal_stage_history (workspace_id, deal_id, to_stage_id, entered_at, left_at)
    select workspace_id, id, stage_id, created_at, closed_at from deals where workspace_id = ${ws} and pipeline_id = ${pipeline.id}`.execute(db);
  for (const table of ['deals', 'deal_stage_history', 'pipeline_stages']) await sql.raw(`vacuum analyze ${table}`).execute(db);
  return pipeline;
}

/**
 * The kanban board (every column's first page and totals) and the 12-month forecast, timed through
 * the services, each beside hand-written SQL for the same figures (the forecast's baseline reads
 * only the open deals; the report adds the won ones).
 */
export async function benchSales(ctx: AppContext, actor: Actor, opts: { deals: number; runs?: number }) {
  const runs = opts.runs ?? 30;
  const pipeline = await seedSalesData(ctx, actor, opts);
  const from = new Date().toISOString().slice(0, 8) + '01';
  const to = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
  const query = forecastQuery.parse({ from, to });
  let cards = 0;
  const board = await timeRuns(runs, async () => {
    cards = (await getBoard({ ctx, actor, pipelineId: pipeline.id, query: { limit: 20 } })).stages.reduce((n, s) => n + s.deals.length, 0);
  });
  let months = 0;
  const forecast = await timeRuns(runs, async () => {
    months = (await forecastReport({ ctx, actor, query })).rows.length;
  });
  // Raw baselines: the same figures with hand-written SQL on the same engine (no service, no presenting).
  const raw = ctx.database.raw;
  const rawBoard = await timeRuns(runs, async () => {
    await raw.executeSql(`select s.id, c.* from pipeline_stages s cross join lateral (
        select d.id, d.title, d.value, d.currency, d.expected_close_date, d.owner_id from deals d
         where d.workspace_id = $1 and d.stage_id = s.id and d.status = 'open' order by d.updated_at desc, d.id desc limit 20) c
       where s.pipeline_id = $2 order by s.position`, [actor.workspaceId, pipeline.id]);
    await raw.executeSql(`select stage_id, currency, count(*), sum(value) from deals where workspace_id = $1 and pipeline_id = $2 and status = 'open'
       group by stage_id, currency`, [actor.workspaceId, pipeline.id]);
  });
  const rawForecast = await timeRuns(runs, () =>
    raw.executeSql(`select to_char(d.expected_close_date, 'YYYY-MM') as month, d.currency, count(*), sum(d.value), sum(d.value * s.probability / 100.0)
       from deals d join pipeline_stages s on s.id = d.stage_id
      where d.workspace_id = $1 and d.status = 'open' and d.expected_close_date between $2::date and $3::date group by 1, 2 order by 1, 2`, [actor.workspaceId, from, to]),
  );
  return [
    { request: 'kanban board (6 columns × 20 cards + totals)', rows: cards, 'raw SQL p50': fmt(rawBoard.p50), p50: fmt(board.p50), p95: fmt(board.p95), 'vs raw': ratio(rawBoard.p50, board.p50) },
    { request: 'forecast report, 12 months', rows: months, 'raw SQL p50': fmt(rawForecast.p50), p50: fmt(forecast.p50), p95: fmt(forecast.p95), 'vs raw': ratio(rawForecast.p50, forecast.p50) },
  ];
}

// `node --import tsx bench/sales.bench.ts` runs it alone: PGlite in .bench-data/sales, or DATABASE_URL.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const deals = Number(process.env.BENCH_ROWS ?? 100_000);
  const dataDir = '.bench-data/sales';
  rmSync(dataDir, { recursive: true, force: true });
  const ctx = await createContext(loadConfig({ DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: dataDir, LOG_LEVEL: 'warn', SECRET_KEY: 'bench-secret-key-of-at-least-thirty-two-chars', STATEMENT_TIMEOUT_MS: '0' }), { queue: false });
  try {
    const ws = await insertWorkspace(ctx.db, 'Sales bench');
    const actor: Actor = { workspaceId: ws.id, role: 'owner', userId: null, apiKeyId: null, label: 'bench' };
    console.log(`## ${ctx.database.kind}: sales at ${deals.toLocaleString('en')} deals (30 runs each)`);
    console.log(table(await benchSales(ctx, actor, { deals })));
  } finally {
    await closeContext(ctx);
  }
  process.exit(0);
}
