import { z } from 'zod';
import type { ActivityType } from '../../db/schema.js';
import { pageQuery } from '../../http/types.js';
import type { FieldIssue } from '../../lib/app-error.js';
import { isStorableInstant } from '../../lib/dates.js';

export const activityTypes = ['call', 'meeting', 'task'] as const;
export const callOutcomes = ['connected', 'no_answer', 'busy', 'left_voicemail', 'wrong_number'] as const;
const id = z.number().int().positive();
export const dateTimeSchema = z.iso
  .datetime({ offset: true, error: 'must be a date-time with a time zone, such as 2025-03-01T09:30:00Z' })
  .transform((s) => new Date(s))
  .refine(isStorableInstant, 'must be between the years 0001 and 9999 (UTC)');

export const activityFields = {
  subject: z.string().trim().min(1, 'must not be empty').max(300),
  notes: z.string().trim().max(20_000).nullable().optional(),
  dealId: id.nullable().optional(),
  contactId: id.nullable().optional(),
  companyId: id.nullable().optional().describe('Defaults to the deal’s company when a deal is given'),
  assigneeId: id.nullable().optional().describe('Defaults to the creating user'),
  done: z.boolean().optional(),
  occurredAt: dateTimeSchema.optional().describe('call: when it took place (default now)'),
  direction: z.enum(['inbound', 'outbound']).optional().describe('call (required)'),
  outcome: z.enum(callOutcomes).nullable().optional().describe('call'),
  durationSeconds: z.number().int().min(0).max(7 * 86_400).nullable().optional().describe('call'),
  startAt: dateTimeSchema.optional().describe('meeting (required)'),
  endAt: dateTimeSchema.optional().describe('meeting (required, not before startAt)'),
  location: z.string().trim().max(500).nullable().optional().describe('meeting'),
  attendees: z.array(z.object({ name: z.string().trim().max(200).optional(), email: z.email() })).max(200).optional().describe('meeting'),
  dueAt: dateTimeSchema.nullable().optional().describe('task: due date and time; the assignee is reminded then'),
};

const ONLY: Record<string, ActivityType> = {
  occurredAt: 'call', direction: 'call', outcome: 'call', durationSeconds: 'call',
  startAt: 'meeting', endAt: 'meeting', location: 'meeting', attendees: 'meeting', dueAt: 'task',
};

/** Fields that belong to another type are refused, and each type's required fields checked. */
export function checkTypeFields(type: ActivityType, input: Record<string, unknown>, mode: 'create' | 'update', stored?: { startAt: Date | null; endAt: Date | null }): FieldIssue[] {
  const issues: FieldIssue[] = Object.keys(ONLY)
    .filter((k) => input[k] !== undefined && ONLY[k] !== type)
    .map((k) => ({ path: k, message: `only a ${ONLY[k]} has ${k}` }));
  if (mode === 'create' && type === 'call' && !input.direction) issues.push({ path: 'direction', message: 'a call needs a direction (inbound or outbound)' });
  if (type === 'meeting') {
    const start = (input.startAt as Date | undefined) ?? stored?.startAt;
    const end = (input.endAt as Date | undefined) ?? stored?.endAt;
    if (!start) issues.push({ path: 'startAt', message: 'a meeting needs a start' });
    if (!end) issues.push({ path: 'endAt', message: 'a meeting needs an end' });
    if (start && end && end < start) issues.push({ path: 'endAt', message: 'must not be before startAt' });
  }
  return issues;
}

export const createActivityBody = z.object({ type: z.enum(activityTypes), ...activityFields }).superRefine((v, ctx) => {
  for (const issue of checkTypeFields(v.type, v, 'create')) ctx.addIssue({ code: 'custom', path: [issue.path], message: issue.message });
});
export type CreateActivityInput = z.infer<typeof createActivityBody>;

export const updateActivityBody = z.object({ ...activityFields, subject: activityFields.subject.optional() });
export type UpdateActivityInput = z.infer<typeof updateActivityBody>;

export const followUpBody = z.object({
  dueAt: dateTimeSchema,
  subject: activityFields.subject.optional().describe('Default: "Follow up: <subject>"'),
  notes: activityFields.notes,
  assigneeId: activityFields.assigneeId.describe('Default: the assignee of the activity followed up'),
  markDone: z.boolean().default(true).describe('Also mark the activity followed up as done'),
});
export type FollowUpInput = z.infer<typeof followUpBody>;

export const listActivitiesQuery = z.object({
  ...pageQuery,
  type: z.enum(activityTypes).optional(),
  dealId: z.coerce.number().int().positive().optional(),
  contactId: z.coerce.number().int().positive().optional(),
  companyId: z.coerce.number().int().positive().optional(),
  assigneeId: z.coerce.number().int().positive().optional(),
  status: z.enum(['open', 'done']).optional(),
});
export type ListActivitiesQuery = z.infer<typeof listActivitiesQuery>;

const validZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
export const myDayQuery = z.object({
  tz: z.string().max(100).default('UTC').refine(validZone, 'must be an IANA time zone such as Europe/Bucharest').describe('Where "today" is'),
  days: z.coerce.number().int().min(1).max(60).default(7).describe('How many days after today count as upcoming'),
});
