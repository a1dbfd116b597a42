import { createHash, sign, type KeyObject } from 'node:crypto';

/**
 * DKIM (RFC 6376) rsa-sha256, relaxed/relaxed, for messages built by mime-build.ts. Written on
 * node:crypto because nodemailer's signer re-parses and streams every message (~435 signs/s here);
 * this one hashes the body once and signs the canonical headers with a KeyObject parsed once per
 * campaign, so RSA itself is the cost.
 */
export interface DkimOptions {
  domain: string;
  selector: string;
  privateKey: KeyObject;
  /** Lower-case names of the headers to sign, in order; each is signed if the message has it. */
  headers: readonly string[];
}

// What must be covered: the identity, the content, and the one-click unsubscribe (Gmail and Yahoo
// require List-Unsubscribe and List-Unsubscribe-Post to be under the signature).
export const SIGNED_HEADERS = ['from', 'to', 'subject', 'date', 'message-id', 'reply-to', 'mime-version', 'content-type',
  'list-unsubscribe', 'list-unsubscribe-post', 'list-id'] as const;

function relaxedHeader(name: string, value: string): string {
  return `${name.toLowerCase()}:${value.replace(/\r\n(?=[ \t])/g, '').replace(/[ \t]+/g, ' ').trim()}`;
}

/** Relaxed body canonicalisation: spaces collapsed, trailing spaces and empty trailing lines dropped. */
export function relaxedBody(body: string): string {
  const lines = body.replace(/[ \t]+/g, ' ').replace(/ \r\n/g, '\r\n').replace(/(\r\n)+$/, '');
  return lines.length ? `${lines}\r\n` : '';
}

/**
 * The DKIM-Signature header line (with CRLF) for `headers` (name, value pairs, in message order)
 * and `body` (everything after the blank line). Prepend it to the message.
 */
export function dkimSignature(options: DkimOptions, headers: [string, string][], body: string, now = Date.now()): string {
  const bh = createHash('sha256').update(relaxedBody(body)).digest('base64');
  const byName = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const list = byName.get(key) ?? [];
    list.push(value);
    byName.set(key, list);
  }
  // The last instance of a header is signed first (RFC 6376 5.4.2); we send each at most once.
  const names = options.headers.filter((h) => byName.has(h));
  const canonical = names.map((h) => relaxedHeader(h, byName.get(h)!.at(-1)!));
  const tags = `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${options.domain}; s=${options.selector}; t=${Math.floor(now / 1000)}; h=${names.join(':')}; bh=${bh}; b=`;
  const data = `${canonical.join('\r\n')}\r\n${relaxedHeader('DKIM-Signature', tags)}`;
  const b = sign('sha256', Buffer.from(data), options.privateKey).toString('base64');
  return `DKIM-Signature: ${tags}${b}\r\n`;
}
