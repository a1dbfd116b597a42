import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMillisBetween, ClosedScheduleError, type BusinessHours, type Span } from './business-clock.js';

const MINUTE = 60_000;

/** The reference: is the desk open during the minute that starts at `ms`? Asked minute by minute. */
function openAt(hours: BusinessHours, ms: number, pauses: Span[]): boolean {
  if (pauses.some(([a, b]) => ms >= a && ms < b)) return false;
  const local = DateTime.fromMillis(ms, { zone: hours.timeZone });
  if (hours.holidays.includes(local.toISODate()!)) return false;
  const minuteOfDay = local.hour * 60 + local.minute;
  return (hours.weekly[(local.weekday % 7) as 0] ?? []).some(({ start, end }) => minuteOfDay >= start && minuteOfDay < end);
}

const zones = fc.constantFrom('Europe/Bucharest', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC');
const interval = fc.tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 1, max: 720 })).map(([s, len]) => ({ start: s, end: Math.min(1440, s + len) }));
const schedule = fc.record({
  timeZone: zones,
  weekly: fc.dictionary(fc.constantFrom('0', '1', '2', '3', '4', '5', '6'), fc.array(interval, { maxLength: 2 })),
  holidays: fc.array(fc.date({ min: new Date('2026-03-20'), max: new Date('2026-04-10'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { maxLength: 3 }),
}) as fc.Arbitrary<BusinessHours>;
// Windows around the March/April DST changes of these zones (Europe 29 Mar, US 8 Mar, Lord Howe 5 Apr).
const start = fc.integer({ min: Date.UTC(2026, 2, 6) / MINUTE, max: Date.UTC(2026, 3, 8) / MINUTE }).map((m) => m * MINUTE);
const pauses = (from: number) => fc.array(fc.tuple(fc.integer({ min: 0, max: 3 * 1440 }), fc.integer({ min: 1, max: 600 })).map(([o, l]) => [from + o * MINUTE, from + (o + l) * MINUTE] as Span), { maxLength: 3 });

describe('business clock', () => {
  it('counts exactly the open minutes a minute-by-minute reference counts, across DST, holidays and pauses', () => {
    fc.assert(
      fc.property(schedule, start, fc.integer({ min: 0, max: 3 * 1440 }), (hours, from, length) => {
        fc.assert(fc.property(pauses(from), (ps) => {
          let expected = 0;
          for (let t = from; t < from + length * MINUTE; t += MINUTE) if (openAt(hours, t, ps)) expected += 1;
          expect(businessMillisBetween(hours, new Date(from), new Date(from + length * MINUTE), ps) / MINUTE).toBe(expected);
        }), { numRuns: 2 });
      }),
      { numRuns: 40 },
    );
  });

  it('adds business minutes to land where the reference has counted that many', () => {
    fc.assert(
      fc.property(schedule, start, fc.integer({ min: 1, max: 600 }), (hours, from, minutes) => {
        // At least 5 open hours a week keeps the reference's minute-by-minute walk short (≤ 2 weeks).
        const weekly = Object.values(hours.weekly).flat().reduce((sum, i) => sum + (i ? i.end - i.start : 0), 0);
        fc.pre(weekly >= 300);
        const due = addBusinessMinutes(hours, new Date(from), minutes).getTime();
        let counted = 0;
        for (let t = from; t < due; t += MINUTE) if (openAt(hours, t, [])) counted += 1;
        expect(counted).toBe(minutes);
        // and the minute just before the due time was an open one
        expect(openAt(hours, due - MINUTE, [])).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a schedule with no open time instead of walking forever', () => {
    expect(() => addBusinessMinutes({ timeZone: 'UTC', weekly: {}, holidays: [] }, new Date(), 10)).toThrow(ClosedScheduleError);
  });

  it('counts Friday evening to Monday morning as the hours in between (9–17 on weekdays)', () => {
    const nineToFive = [{ start: 9 * 60, end: 17 * 60 }];
    const hours: BusinessHours = { timeZone: 'Europe/Bucharest', weekly: { 1: nineToFive, 2: nineToFive, 3: nineToFive, 4: nineToFive, 5: nineToFive }, holidays: ['2026-12-25'] };
    // Thu 24 Dec 16:00 local + 2 business hours → Thu 17:00 is 1 h, Fri 25 is a holiday, Mon 28 10:00.
    const due = addBusinessMinutes(hours, DateTime.fromISO('2026-12-24T16:00', { zone: 'Europe/Bucharest' }).toJSDate(), 120);
    expect(DateTime.fromJSDate(due, { zone: 'Europe/Bucharest' }).toISO()).toBe('2026-12-28T10:00:00.000+02:00');
  });
});
