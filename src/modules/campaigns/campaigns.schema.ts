import { z } from 'zod';
import { pageQuery } from '../../http/types.js';

const ids = z.array(z.number().int().positive()).max(20).refine((a) => new Set(a).size === a.length, 'must not repeat an id');
const email = z.string().trim().toLowerCase().max(254).email('must be an email address');
const optionalEmail = z.union([email, z.literal('').transform(() => null), z.null()]);

/** What a user edits; all optional on update. Drafts may be incomplete: the checklist says what is missing. */
const fields = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  subject: z.string().max(500).describe('Liquid allowed: {{ contact.first_name | default: "there" }}'),
  preheader: z.string().max(500).describe('The preview line under the subject in an inbox; Liquid allowed'),
  fromName: z.string().trim().max(200),
  fromEmail: optionalEmail.describe('Must be on a verified sending domain to send'),
  replyTo: optionalEmail.describe('Must be on a verified sending domain to send'),
  templateId: z.number().int().positive().nullable(),
  listIds: ids.describe('Recipients: subscribed members of any of these lists (through the send guard)'),
  includeSegmentIds: ids.describe('Narrow: only contacts in every one of these segments'),
  excludeSegmentIds: ids.describe('Exclude contacts in any of these segments'),
};

export const createCampaignBody = z.object({ ...fields, subject: fields.subject.default(''), preheader: fields.preheader.default('') }).partial({
  fromName: true, fromEmail: true, replyTo: true, templateId: true, listIds: true, includeSegmentIds: true, excludeSegmentIds: true,
});
export type CreateCampaignInput = z.infer<typeof createCampaignBody>;

export const updateCampaignBody = z.object(fields).partial();
export type UpdateCampaignInput = z.infer<typeof updateCampaignBody>;

export const audienceCountBody = z.object({ listIds: ids.min(1, 'choose at least one list'), includeSegmentIds: ids.default([]), excludeSegmentIds: ids.default([]) });

export const scheduleBody = z.object({
  sendAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'must be a local date and time, YYYY-MM-DDTHH:mm').describe('Wall-clock time in `timeZone`'),
  timeZone: z.string().min(1).max(64).describe('IANA time zone, e.g. Europe/Berlin'),
});
export type ScheduleInput = z.infer<typeof scheduleBody>;

export const campaignStatuses = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled', 'failed'] as const;
export const campaignPageQuery = z.object({ ...pageQuery, status: z.enum(campaignStatuses).optional() });
