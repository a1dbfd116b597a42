import { DateTime } from 'luxon';

/**
 * Business-hours arithmetic for SLA clocks. Time counts only while the help desk is open (weekly
 * hours in the workspace's time zone, minus holidays) and the ticket is not paused (waiting on the
 * customer).
 *
 * Exact across DST changes: UTC time is walked in spans of constant zone offset, and inside such a
 * span the local clock is a fixed shift of UTC, so the open set is the weekly schedule shifted by
 * that offset. A fall-back hour that repeats inside opening hours counts twice (both hours really
 * pass), a spring-forward hour that never happens counts zero.
 */
export interface BusinessHours {
  timeZone: string;
  /** Key 0 = Sunday … 6 = Saturday; minutes since local midnight, [start, end). */
  weekly: Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, { start: number; end: number }[]>>;
  /** Local dates ('2026-12-25') on which the desk is closed all day. */
  holidays: string[];
}

/** An absolute span [start, end) in epoch milliseconds, e.g. a pause. */
export type Span = [number, number];

const MINUTE = 60_000;
const DAY = 86_400_000;
/** A schedule with no open time in this long is refused rather than walked forever. */
const HORIZON = 800 * DAY;

export class ClosedScheduleError extends Error {
  constructor() {
    super('the business hours have no open time: add weekly hours');
  }
}

const offsetAt = (zone: string, ms: number) => DateTime.fromMillis(ms, { zone }).offset * MINUTE;

/** Open spans of the schedule that intersect [from, to), in order, minus `pauses`. */
export function* openSpans(hours: BusinessHours, from: number, to: number, pauses: Span[] = []): Generator<Span> {
  const holidays = new Set(hours.holidays);
  const sortedPauses = [...pauses].sort((a, b) => a[0] - b[0]);
  for (let chunk = from; chunk < to; ) {
    let chunkEnd = Math.min(to, chunk + DAY);
    const offset = offsetAt(hours.timeZone, chunk);
    if (offsetAt(hours.timeZone, chunkEnd - 1) !== offset) chunkEnd = offsetChange(hours.timeZone, chunk, chunkEnd - 1, offset);
    for (const span of scheduleIn(hours, holidays, chunk, chunkEnd, offset)) yield* minus(span, sortedPauses);
    chunk = chunkEnd;
  }
}

/** First millisecond in (lo, hi] whose offset differs from `offset` (there is one). */
function offsetChange(zone: string, lo: number, hi: number, offset: number): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The schedule's open spans inside [start, end), where the zone offset is constant. */
function scheduleIn(hours: BusinessHours, holidays: Set<string>, start: number, end: number, offset: number): Span[] {
  const spans: Span[] = [];
  const localStart = start + offset;
  const firstDay = Math.floor(localStart / DAY) * DAY;
  for (let day = firstDay; day - offset < end; day += DAY) {
    const date = new Date(day);
    if (holidays.has(date.toISOString().slice(0, 10))) continue;
    for (const { start: s, end: e } of hours.weekly[date.getUTCDay() as 0] ?? []) {
      const a = Math.max(start, day + s * MINUTE - offset);
      const b = Math.min(end, day + e * MINUTE - offset);
      if (a < b) spans.push([a, b]);
    }
  }
  // Overlapping intervals of one day (9–12 and 11–14) are one open span, counted once.
  spans.sort((x, y) => x[0] - y[0]);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged;
}

function* minus([a, b]: Span, pauses: Span[]): Generator<Span> {
  let cursor = a;
  for (const [p, q] of pauses) {
    if (q <= cursor || p >= b) continue;
    if (p > cursor) yield [cursor, p];
    cursor = Math.max(cursor, q);
    if (cursor >= b) return;
  }
  if (cursor < b) yield [cursor, b];
}

/** Business milliseconds between two instants, not counting pauses. */
export function businessMillisBetween(hours: BusinessHours, from: Date, to: Date, pauses: Span[] = []): number {
  let total = 0;
  for (const [a, b] of openSpans(hours, from.getTime(), to.getTime(), pauses)) total += b - a;
  return total;
}

/** The instant at which `minutes` business minutes have passed since `from` (pauses excluded). */
export function addBusinessMinutes(hours: BusinessHours, from: Date, minutes: number, pauses: Span[] = []): Date {
  let left = minutes * MINUTE;
  if (left <= 0) return new Date(from);
  for (const [a, b] of openSpans(hours, from.getTime(), from.getTime() + HORIZON, pauses)) {
    if (b - a >= left) return new Date(a + left);
    left -= b - a;
  }
  throw new ClosedScheduleError();
}

/** Always open: for SLA policies that count calendar time. */
export const ALWAYS_OPEN = (timeZone = 'UTC'): BusinessHours => ({
  timeZone,
  weekly: Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((d) => [d, [{ start: 0, end: 1440 }]])),
  holidays: [],
});
