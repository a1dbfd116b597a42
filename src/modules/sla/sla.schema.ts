import { IANAZone } from 'luxon';
import { z } from 'zod';
import { TICKET_PRIORITIES } from '../tickets/tickets.schema.js';

const minuteOfDay = z.number().int().min(0).max(1440);
const span = z.object({ start: minuteOfDay, end: minuteOfDay }).refine((s) => s.start < s.end, { message: 'start must be before end' });
const weekday = z.array(span).max(12);

const holidays = z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')).max(400).describe('Local dates on which the desk is closed');
const hoursFields = {
  name: z.string().trim().min(1).max(100),
  timeZone: z.string().max(64).refine((z) => IANAZone.isValidZone(z), { message: 'not an IANA time zone (e.g. Europe/Berlin)' }),
  /** Key 0 = Sunday … 6 = Saturday; minutes since local midnight, [start, end). */
  weekly: z.object({ 0: weekday, 1: weekday, 2: weekday, 3: weekday, 4: weekday, 5: weekday, 6: weekday }).partial()
    .describe('Opening hours per weekday (0 = Sunday), minutes since local midnight')
    .refine((w) => Object.values(w).some((spans) => spans && spans.length > 0), { message: 'add opening hours on at least one day' }),
};
export const businessHoursBody = z.object({ ...hoursFields, holidays: holidays.default([]) });
export const businessHoursPatch = z.object({ ...hoursFields, holidays }).partial().strict();
export type BusinessHoursInput = z.infer<typeof businessHoursBody>;

const minutes = z.number().int().min(1).max(525_600).nullable().optional();
const policyFields = {
  name: z.string().trim().min(1).max(100),
  inboxId: z.number().int().positive().nullable().optional().describe('Only tickets of this inbox; none = every inbox'),
  priority: z.enum(TICKET_PRIORITIES).nullable().optional().describe('Only tickets of this priority; none = every priority'),
  firstResponseMinutes: minutes,
  nextResponseMinutes: minutes,
  resolutionMinutes: minutes,
  warnBeforeMinutes: z.number().int().min(0).max(10_080).optional().describe('How long before a breach the warning goes out'),
  businessHoursId: z.number().int().positive().nullable().optional().describe('Count business time on these hours; none = calendar time'),
};
const hasTarget = (p: { firstResponseMinutes?: number | null; nextResponseMinutes?: number | null; resolutionMinutes?: number | null }) =>
  Boolean(p.firstResponseMinutes || p.nextResponseMinutes || p.resolutionMinutes);

export const slaPolicyBody = z.object(policyFields).refine(hasTarget, { message: 'set at least one target: first response, next response or resolution', path: ['firstResponseMinutes'] });
export const slaPolicyPatch = z.object(policyFields).partial().strict();
export type SlaPolicyInput = z.infer<typeof slaPolicyBody>;
export type SlaPolicyPatch = z.infer<typeof slaPolicyPatch>;
