import { randomBytes } from 'node:crypto';

/**
 * Builds one multipart/alternative message (plain text + HTML) as a raw RFC 5322 string. Hand-built
 * rather than through nodemailer's MailComposer because the send loop makes one per recipient:
 * base64 bodies (Node's native encoder) and RFC 2047 words for non-ASCII headers, nothing else.
 */
export interface MimeInput {
  from: { name?: string; address: string };
  to: string;
  replyTo?: string | null;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date?: Date;
  /** Extra headers (List-Unsubscribe, List-Id, …); names and values must be single-line. */
  headers?: Record<string, string>;
}

export interface BuiltMessage {
  /** Header name/value pairs in order, for the DKIM signer. */
  headers: [string, string][];
  body: string;
}

const oneLine = (v: string) => v.replace(/[\r\n]+/g, ' ');
const isPlain = (v: string) => /^[\x20-\x7e]*$/.test(v);

/** RFC 2047 B-encoded words of at most ~45 bytes each, split between characters, never inside one. */
export function encodeWords(value: string): string {
  if (isPlain(value)) return value;
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

export function formatAddress(a: { name?: string; address: string }): string {
  if (!a.name) return `<${a.address}>`;
  const name = oneLine(a.name);
  return `${isPlain(name) ? `"${name.replace(/["\\]/g, '\\$&')}"` : encodeWords(name)} <${a.address}>`;
}

function base64Lines(value: string): string {
  const b64 = Buffer.from(value, 'utf8').toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n');
}

export function newMessageId(domain: string): string {
  return `<${Date.now().toString(36)}.${randomBytes(9).toString('base64url')}@${domain}>`;
}

export function buildMime(m: MimeInput): BuiltMessage {
  const boundary = `=_rp_${randomBytes(12).toString('hex')}`;
  const headers: [string, string][] = [
    ['From', formatAddress(m.from)],
    ['To', `<${oneLine(m.to)}>`],
  ];
  if (m.replyTo) headers.push(['Reply-To', `<${oneLine(m.replyTo)}>`]);
  headers.push(
    ['Subject', encodeWords(oneLine(m.subject))],
    ['Date', (m.date ?? new Date()).toUTCString().replace('GMT', '+0000')],
    ['Message-ID', m.messageId],
    ['MIME-Version', '1.0'],
  );
  for (const [name, value] of Object.entries(m.headers ?? {})) headers.push([name, oneLine(value)]);
  headers.push(['Content-Type', `multipart/alternative; boundary="${boundary}"`]);
  const part = (type: string, content: string) =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(content)}\r\n`;
  const body = `${part('text/plain', m.text)}${part('text/html', m.html)}--${boundary}--\r\n`;
  return { headers, body };
}

/** The message as sent: (DKIM-Signature line +) headers, a blank line, the body. */
export function serialize(message: BuiltMessage, prefix = ''): string {
  return `${prefix}${message.headers.map(([n, v]) => `${n}: ${v}`).join('\r\n')}\r\n\r\n${message.body}`;
}
