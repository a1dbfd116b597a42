import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * VERP return paths: every message's envelope sender names what it was sent for, so a bounce that
 * comes back to it says which recipient failed even when the DSN itself is unparseable. The local
 * part is lower-case only (some servers fold case) and signed, so a forged bounce cannot suppress
 * an arbitrary recipient: `b-c-<workspace>-<recipient>-<mac>@<domain>` for a campaign recipient,
 * `b-t-…` for a transactional message.
 */
export type VerpKind = 'campaign' | 'transactional';
export interface VerpTarget {
  kind: VerpKind;
  workspaceId: number;
  /** campaign_recipients.id or transactional_messages.id */
  id: number;
}

const KIND_CODE: Record<VerpKind, string> = { campaign: 'c', transactional: 't' };

function mac(secret: string, value: string): string {
  return createHmac('sha256', secret).update(`verp:${value}`).digest('hex').slice(0, 16);
}

export function verpAddress(secret: string, target: VerpTarget, domain: string): string {
  const value = `${KIND_CODE[target.kind]}-${target.workspaceId}-${target.id}`;
  return `b-${value}-${mac(secret, value)}@${domain}`;
}

/** The target of a VERP address, or null if it is not one of ours or its signature is wrong. */
export function parseVerp(secret: string, address: string): VerpTarget | null {
  const m = /^b-([ct])-(\d{1,15})-(\d{1,15})-([0-9a-f]{16})@/i.exec(address.trim());
  if (!m) return null;
  const value = `${m[1]!.toLowerCase()}-${m[2]}-${m[3]}`;
  const expected = Buffer.from(mac(secret, value));
  const actual = Buffer.from(m[4]!.toLowerCase());
  if (!timingSafeEqual(expected, actual)) return null;
  return { kind: m[1]!.toLowerCase() === 'c' ? 'campaign' : 'transactional', workspaceId: Number(m[2]), id: Number(m[3]) };
}
