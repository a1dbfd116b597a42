/**
 * Calendar arithmetic for relative date conditions, all in UTC so the SQL and the reference
 * evaluator agree whatever the server's time zone. "Today" is the UTC date of `now`.
 */
const DAY_MS = 86_400_000;

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
export const utcToday = (now: Date) => isoDay(now);
export const addDays = (iso: string, days: number) => isoDay(new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS));
export const shiftMs = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS);
export const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** month * 100 + day, the key birthdays are compared by (0229 = 229). */
export const mmdd = (iso: string) => Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));

/** Every month-day of a leap year in calendar order: the space anniversary ranges live in. */
const ALL_MMDD: number[] = Array.from({ length: 366 }, (_, i) => mmdd(isoDay(new Date(Date.UTC(2000, 0, 1) + i * DAY_MS))));

/**
 * The month-days whose anniversary falls between today and today + days (inclusive), as ranges
 * of ALL_MMDD. Someone born on 29 February celebrates on the 28th in a common year, so a window
 * holding 28 Feb of a common year also holds 0229. A window crossing New Year gives two ranges
 * (e.g. 1228–1231 and 101–103), each served by the (workspace_id, mmdd) index.
 */
export function anniversaryRanges(now: Date, days: number): [number, number][] {
  const wanted = new Set<number>();
  const start = utcToday(now);
  for (let i = 0; i <= Math.min(days, 366); i++) {
    const day = addDays(start, i);
    wanted.add(mmdd(day));
    if (day.slice(5) === '02-28' && !isLeapYear(Number(day.slice(0, 4)))) wanted.add(229);
  }
  const ranges: [number, number][] = [];
  ALL_MMDD.forEach((md, i) => {
    if (!wanted.has(md)) return;
    const last = ranges.at(-1);
    if (last && ALL_MMDD[i - 1] === last[1]) last[1] = md;
    else ranges.push([md, md]);
  });
  return ranges;
}

/** 'MM-DD' text of an mmdd key, for custom date fields stored as 'YYYY-MM-DD' text. */
export const mmddText = (md: number) => `${String(Math.floor(md / 100)).padStart(2, '0')}-${String(md % 100).padStart(2, '0')}`;
