import { z } from 'zod';
import { AppError } from '../../lib/app-error.js';
import type { DeliveryClass } from './classify.js';

export const PROVIDERS = ['ses', 'sendgrid', 'postmark', 'mailgun'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** One provider event, normalised: the same shape every source is read into. */
export interface ProviderEvent {
  kind: 'bounce' | 'complaint' | 'delay';
  email: string;
  messageId: string | null;
  status: string | null;
  diagnostic: string | null;
  remoteMta: string | null;
  hint: DeliveryClass | null;
  feedbackType: string | null;
  occurredAt: Date | null;
}

const MAX_EVENTS = 5000;
const str = z.string().max(5000);
const when = (v: string | number | undefined | null) => {
  const d = v === undefined || v === null ? null : new Date(typeof v === 'number' ? v * 1000 : v);
  return d && !Number.isNaN(d.getTime()) ? d : null;
};
const bareId = (id: string | null | undefined) => id?.trim().replace(/^<|>$/g, '') || null;
const event = (e: Partial<ProviderEvent> & Pick<ProviderEvent, 'kind' | 'email'>): ProviderEvent => ({
  messageId: null, status: null, diagnostic: null, remoteMta: null, hint: null, feedbackType: null, occurredAt: null, ...e, email: e.email.trim().toLowerCase(),
});

// Amazon SES notifications (inside an SNS envelope, parsed by the route), both the classic
// `notificationType` and configuration-set `eventType` forms.
const sesMessage = z.object({
  notificationType: str.optional(), eventType: str.optional(),
  bounce: z.object({ bounceType: str, bounceSubType: str.optional(), reportingMTA: str.optional(), timestamp: str.optional(),
    bouncedRecipients: z.array(z.object({ emailAddress: str, status: str.optional(), diagnosticCode: str.optional() })).max(MAX_EVENTS) }).optional(),
  complaint: z.object({ complaintFeedbackType: str.optional(), timestamp: str.optional(), complainedRecipients: z.array(z.object({ emailAddress: str })).max(MAX_EVENTS) }).optional(),
  mail: z.object({ commonHeaders: z.object({ messageId: str.optional() }).optional() }).optional(),
});
function ses(message: unknown): ProviderEvent[] {
  const m = sesMessage.parse(message);
  const type = m.notificationType ?? m.eventType;
  const messageId = bareId(m.mail?.commonHeaders?.messageId);
  if (type === 'Bounce' && m.bounce) {
    const b = m.bounce;
    const hint: DeliveryClass = b.bounceType === 'Permanent' ? 'hard' : 'soft';
    return b.bouncedRecipients.map((r) => event({ kind: 'bounce', email: r.emailAddress, messageId, status: r.status ?? null, diagnostic: r.diagnosticCode ?? (b.bounceSubType ? `${b.bounceType} ${b.bounceSubType}` : null), remoteMta: b.reportingMTA ?? null, hint, occurredAt: when(b.timestamp) }));
  }
  if (type === 'Complaint' && m.complaint) {
    const c = m.complaint;
    return c.complainedRecipients.map((r) => event({ kind: 'complaint', email: r.emailAddress, messageId, feedbackType: c.complaintFeedbackType ?? 'abuse', occurredAt: when(c.timestamp) }));
  }
  return [];
}

const sendgridEvents = z.array(z.object({
  email: str, event: str, type: str.optional(), status: str.optional(), reason: str.optional(), response: str.optional(), 'smtp-id': str.optional(), timestamp: z.number().optional(),
}).passthrough()).max(MAX_EVENTS);
function sendgrid(body: unknown): ProviderEvent[] {
  return sendgridEvents.parse(body).flatMap((e) => {
    const base = { email: e.email, messageId: bareId(e['smtp-id']), status: e.status ?? null, diagnostic: e.reason ?? e.response ?? null, occurredAt: when(e.timestamp) };
    if (e.event === 'bounce') return [event({ ...base, kind: 'bounce', hint: e.type === 'blocked' ? 'soft' : 'hard' })];
    if (e.event === 'deferred') return [event({ ...base, kind: 'delay' })];
    if (e.event === 'spamreport') return [event({ ...base, kind: 'complaint', feedbackType: 'abuse' })];
    return [];
  });
}

const postmarkBody = z.object({
  RecordType: str, Type: str.optional(), Email: str, Details: str.optional(), Description: str.optional(), BouncedAt: str.optional(), Headers: z.array(z.object({ Name: str, Value: str })).optional(),
}).passthrough();
const POSTMARK_HINTS: Record<string, DeliveryClass | 'skip'> = {
  HardBounce: 'hard', BadEmailAddress: 'hard', ManuallyDeactivated: 'hard', Unsubscribe: 'skip', AutoResponder: 'skip', Subscribe: 'skip', OpenRelayTest: 'skip',
  SoftBounce: 'soft', Transient: 'soft', DnsError: 'soft', MailFrontier: 'soft', Undeliverable: 'soft', ChallengeVerification: 'skip',
  Blocked: 'policy', SpamNotification: 'policy', ContentRelated: 'policy', VirusNotification: 'policy',
};
function postmark(body: unknown): ProviderEvent[] {
  const b = postmarkBody.parse(body);
  const messageId = bareId(b.Headers?.find((h) => h.Name.toLowerCase() === 'message-id')?.Value);
  if (b.RecordType === 'SpamComplaint' || b.Type === 'SpamComplaint') return [event({ kind: 'complaint', email: b.Email, messageId, feedbackType: 'abuse', occurredAt: when(b.BouncedAt) })];
  if (b.RecordType !== 'Bounce') return [];
  const hint = POSTMARK_HINTS[b.Type ?? ''] ?? null;
  if (hint === 'skip') return [];
  return [event({ kind: 'bounce', email: b.Email, messageId, diagnostic: b.Details || b.Description || null, hint, occurredAt: when(b.BouncedAt) })];
}

const mailgunBody = z.object({
  'event-data': z.object({
    event: str, severity: str.optional(), recipient: str, reason: str.optional(), timestamp: z.number().optional(),
    'delivery-status': z.object({ code: z.union([z.number(), str]).optional(), message: str.optional(), description: str.optional(), 'enhanced-code': str.optional(), 'mx-host': str.optional() }).partial().optional(),
    message: z.object({ headers: z.object({ 'message-id': str.optional() }).partial().optional() }).partial().optional(),
  }).passthrough(),
}).passthrough();
function mailgun(body: unknown): ProviderEvent[] {
  const e = mailgunBody.parse(body)['event-data'];
  const ds = e['delivery-status'] ?? {};
  const base = { email: e.recipient, messageId: bareId(e.message?.headers?.['message-id']), occurredAt: when(e.timestamp) };
  if (e.event === 'complained') return [event({ ...base, kind: 'complaint', feedbackType: 'abuse' })];
  if (e.event !== 'failed') return [];
  const diagnostic = [ds.code, ds.message || ds.description].filter(Boolean).join(' ') || null;
  return [event({ ...base, kind: e.severity === 'temporary' ? 'delay' : 'bounce', status: ds['enhanced-code'] ?? null, diagnostic, remoteMta: ds['mx-host'] ?? null, hint: e.reason === 'suppress-bounce' ? 'hard' : null })];
}

const READERS: Record<Provider, (body: unknown) => ProviderEvent[]> = { ses, sendgrid, postmark, mailgun };

/** A provider's payload as events; a payload that is not the provider's shape is a 400 naming what is wrong. */
export function readProviderEvents(provider: Provider, body: unknown): ProviderEvent[] {
  try {
    return READERS[provider](body);
  } catch (err) {
    if (err instanceof z.ZodError) {
      const issue = err.issues[0];
      throw AppError.invalid({ path: issue?.path.join('.') || 'body', message: `not a ${provider} event payload: ${issue?.message ?? 'malformed'}` });
    }
    throw err;
  }
}
