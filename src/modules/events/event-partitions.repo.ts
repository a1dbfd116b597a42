import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

/**
 * Month partitions of web_events (migration 0020): `web_events_pv_y2026m12` holds December 2026's
 * page views, `web_events_ev_y2026m12` its other events. A month's partition is made by
 * moving that month's rows out of the default partition into a new table and attaching it, so it
 * works whether or not the default already caught some of them.
 */
export type Half = 'pv' | 'ev';
export const HALVES: Half[] = ['pv', 'ev'];

/** 'YYYY-MM' of a date (UTC). */
export const monthOf = (d: Date) => d.toISOString().slice(0, 7);
export const partitionName = (half: Half, month: string) => `web_events_${half}_y${month.slice(0, 4)}m${month.slice(5, 7)}`;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function monthBounds(month: string): { from: Date; to: Date } {
  if (!MONTH.test(month)) throw new Error(`not a month: ${month}`);
  const from = new Date(`${month}-01T00:00:00Z`);
  const to = new Date(from);
  to.setUTCMonth(to.getUTCMonth() + 1);
  return { from, to };
}

/** The month partitions that exist, as 'pv:YYYY-MM' / 'ev:YYYY-MM'. */
export async function listMonthPartitions(db: Executor): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
     where p.relname in ('web_events_pv', 'web_events_ev') and c.relname ~ '^web_events_(pv|ev)_y[0-9]{4}m[0-9]{2}$'`.execute(db);
  return rows.map((r) => `${r.name.slice(11, 13)}:${r.name.slice(15, 19)}-${r.name.slice(20, 22)}`).sort();
}

/** Makes one month's partition (a no-op if it exists), in the caller's transaction. */
export async function createMonthPartition(db: Executor, half: Half, month: string): Promise<void> {
  const { from, to } = monthBounds(month);
  const name = partitionName(half, month);
  await sql`select pg_advisory_xact_lock(hashtext(${`web_events_partition:${name}`}))`.execute(db);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_class where relname = ${name}`.execute(db);
  if (rows[0]!.n > 0) return;
  const parent = sql.table(`web_events_${half}`);
  const table = sql.table(name);
  const range = sql`for values from (${sql.lit(from.toISOString())}) to (${sql.lit(to.toISOString())})`;
  await sql`create table ${table} (like ${parent} including defaults)`.execute(db);
  await sql`with moved as (delete from ${sql.table(`web_events_${half}_default`)} where occurred_at >= ${from.toISOString()}::timestamptz and occurred_at < ${to.toISOString()}::timestamptz returning *)
    insert into ${table} select * from moved`.execute(db);
  await sql`alter table ${parent} attach partition ${table} ${range}`.execute(db);
}

/** Drops one month's partition of page views (the retention job, after rolling the month up). */
/**
 * Holds a month partition against writes until the transaction ends (reads go on): taken before
 * its last roll-up, so no event can land in it between the roll-up and the drop and be lost.
 */
export async function lockMonthPartition(db: Executor, half: Half, month: string): Promise<void> {
  const name = partitionName(half, month);
  await sql`select pg_advisory_xact_lock(hashtext(${`web_events_partition:${name}`}))`.execute(db);
  await sql`lock table ${sql.table(name)} in share mode`.execute(db);
}

export async function dropMonthPartition(db: Executor, half: Half, month: string): Promise<void> {
  const name = partitionName(half, month);
  await sql`select pg_advisory_xact_lock(hashtext(${`web_events_partition:${name}`}))`.execute(db);
  await sql`drop table if exists ${sql.table(name)}`.execute(db);
}

/** The UTC days of the rows older than the cutoff that the default partition caught. */
export async function listOldDefaultDays(db: Executor, half: Half, before: Date): Promise<Date[]> {
  const { rows } = await sql<{ day: string }>`
    select distinct to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD') as day from ${sql.table(`web_events_${half}_default`)}
     where occurred_at < ${before.toISOString()}::timestamptz order by 1`.execute(db);
  return rows.map((r) => new Date(`${r.day}T00:00:00Z`));
}

/** Rows older than the cutoff that the default partition caught (it is never dropped). */
export async function deleteOldDefaultRows(db: Executor, half: Half, before: Date): Promise<number> {
  const r = await sql`delete from ${sql.table(`web_events_${half}_default`)} where occurred_at < ${before.toISOString()}::timestamptz`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
