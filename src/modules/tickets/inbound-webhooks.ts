import { createHmac, timingSafeEqual } from 'node:crypto';
import PostalMime from 'postal-mime';
import type { IncomingTicketMail } from './ticket-intake.js';
import { fromParsedEmail } from './inbound-sources.js';

/**
 * The inbound-parse payloads of Postmark (JSON), SendGrid (multipart, raw MIME or parsed fields)
 * and Mailgun (form fields), turned into the one shape intake files. Each also yields the headers
 * and the recipient, so the same loop and auto-reply rules apply as to SMTP.
 */
export type Provider = 'postmark' | 'sendgrid' | 'mailgun';
export interface WebhookMail {
  recipient: string | null;
  headers: { key: string; value: string }[];
  mail: IncomingTicketMail | null;
}
type Fields = Record<string, string>;
type Files = { filename: string; contentType: string; content: Uint8Array }[];

const str = (v: unknown, max = 1_000_000) => (typeof v === 'string' ? v.slice(0, max) : '');
const headerList = (pairs: [string, string][]) => pairs.filter(([k, v]) => typeof k === 'string' && typeof v === 'string').map(([key, value]) => ({ key, value }));
const get = (headers: { key: string; value: string }[], name: string) => headers.find((h) => h.key.toLowerCase() === name)?.value ?? null;
const addressIn = (value: string) => (/<([^>]+)>/.exec(value)?.[1] ?? value).trim().toLowerCase();
const nameIn = (value: string) => value.replace(/<[^>]*>/, '').replace(/"/g, '').trim();
const refs = (value: string | null) => (value ?? '').split(/\s+/).filter((r) => r.startsWith('<')).slice(0, 100);

function fromFields(o: { from: string; subject: string; text: string; html: string | null; headers: { key: string; value: string }[]; attachments: Files }): IncomingTicketMail | null {
  const address = addressIn(o.from);
  if (!address.includes('@')) return null;
  return {
    from: { address, name: nameIn(o.from) }, subject: o.subject, text: o.text, html: o.html, messageId: get(o.headers, 'message-id'),
    inReplyTo: get(o.headers, 'in-reply-to'), references: refs(get(o.headers, 'references')), attachments: o.attachments,
  };
}

export function parsePostmark(body: Record<string, unknown>): WebhookMail {
  const headers = headerList(Array.isArray(body.Headers) ? (body.Headers as { Name: string; Value: string }[]).map((h) => [h?.Name, h?.Value] as [string, string]) : []);
  const fromFull = (body.FromFull ?? {}) as { Email?: string; Name?: string };
  const from = fromFull.Email ? `${fromFull.Name ?? ''} <${fromFull.Email}>` : str(body.From, 400);
  const attachments = Array.isArray(body.Attachments) ? (body.Attachments as { Name?: string; Content?: string; ContentType?: string }[]).map((a) => ({
    filename: str(a?.Name, 200) || 'attachment', contentType: str(a?.ContentType, 100) || 'application/octet-stream', content: Buffer.from(str(a?.Content, 150_000_000), 'base64'),
  })) : [];
  const recipient = str(body.OriginalRecipient, 320) || (Array.isArray(body.ToFull) ? str((body.ToFull as { Email?: string }[])[0]?.Email, 320) : addressIn(str(body.To, 1000)));
  return { recipient: recipient ? recipient.toLowerCase() : null, headers, mail: fromFields({ from, subject: str(body.Subject, 2000), text: str(body.TextBody), html: str(body.HtmlBody) || null, headers, attachments }) };
}

export async function parseSendgrid(fields: Fields, files: Files): Promise<WebhookMail> {
  let envelopeTo: string | null = null;
  try {
    envelopeTo = (JSON.parse(fields.envelope ?? '{}') as { to?: string[] }).to?.[0] ?? null;
  } catch { /* a missing or broken envelope leaves the To header to decide */ }
  if (fields.email) {
    const parsed = await PostalMime.parse(fields.email);
    return { recipient: (envelopeTo ?? parsed.to?.[0]?.address ?? '').toLowerCase() || null, headers: parsed.headers, mail: fromParsedEmail(parsed) };
  }
  const headers = (fields.headers ?? '').split(/\r?\n(?![ \t])/).map((line) => line.split(/:(.*)/s)).filter((p) => p.length >= 2).map(([k, v]) => ({ key: k!.trim(), value: (v ?? '').trim() }));
  return { recipient: (envelopeTo ?? addressIn(fields.to ?? '')) || null, headers, mail: fromFields({ from: fields.from ?? '', subject: fields.subject ?? '', text: fields.text ?? '', html: fields.html || null, headers, attachments: files }) };
}

export function parseMailgun(fields: Fields, files: Files): WebhookMail {
  let pairs: [string, string][] = [];
  try {
    pairs = JSON.parse(fields['message-headers'] ?? '[]') as [string, string][];
  } catch { /* headers stay empty: threading falls back to the subject reference */ }
  const headers = headerList(Array.isArray(pairs) ? pairs : []);
  for (const [field, name] of [['Message-Id', 'message-id'], ['In-Reply-To', 'in-reply-to'], ['References', 'references']] as const) {
    if (fields[field] && !get(headers, name)) headers.push({ key: name, value: fields[field]! });
  }
  return { recipient: fields.recipient?.toLowerCase() ?? null, headers, mail: fromFields({ from: fields.from ?? fields.sender ?? '', subject: fields.subject ?? '', text: fields['body-plain'] ?? '', html: fields['body-html'] || null, headers, attachments: files }) };
}

/** Mailgun signs timestamp+token with the webhook signing key; a stale timestamp is refused. */
export function mailgunSignatureValid(secret: string, fields: Fields, now = Date.now()): boolean {
  const { timestamp, token, signature } = fields;
  if (!timestamp || !token || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(timestamp + token).digest('hex'));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The shared secret a provider sent (HTTP Basic password), compared in constant time. */
export function secretMatches(given: string, secret: string): boolean {
  const a = createHmac('sha256', 'compare').update(given).digest();
  const b = createHmac('sha256', 'compare').update(secret).digest();
  return timingSafeEqual(a, b);
}
