/** The offset of a time zone from UTC at an instant, in ms (positive east of Greenwich). */
function offsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant local midnight starts on a calendar day in a time zone (DST-aware). */
export function startOfLocalDay(isoDay: string, timeZone: string): Date {
  const guess = new Date(`${isoDay}T00:00:00Z`).getTime();
  const first = guess - offsetMs(new Date(guess), timeZone);
  return new Date(guess - offsetMs(new Date(first), timeZone));
}

/** The end of today and of the upcoming window, in the user's time zone. */
export function dayWindow(now: Date, timeZone: string, days: number): { endOfToday: Date; endOfUpcoming: Date } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const plus = (n: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };
  return { endOfToday: startOfLocalDay(plus(1), timeZone), endOfUpcoming: startOfLocalDay(plus(1 + days), timeZone) };
}
