import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The public write key of a tracking key: `rk_<id base36>_<mac>`, HMAC-SHA256 of the id with a
 * purpose prefix, truncated to 128 bits. Not a secret (it is in every page's HTML): the signature
 * lets the collect endpoint refuse made-up keys without a database read, and never makes a write
 * key valid as any other token.
 */
const mac = (secret: string, id: number) => createHmac('sha256', secret).update(`write-key:${id}`).digest().subarray(0, 16).toString('base64url');

export function writeKeyOf(secret: string, id: number): string {
  return `rk_${id.toString(36)}_${mac(secret, id)}`;
}

// Genuine keys already checked, so a site's steady stream of beacons costs a map lookup rather
// than an HMAC each (it was 4 % of a /t/collect request). Only genuine keys are kept, so made-up
// keys cannot fill it; the bound only matters for a process serving very many sites.
const GENUINE_LIMIT = 10_000;
const genuine = new Map<string, { secret: string; id: number }>();

/** The tracking key id a genuine write key names, or null (never a throw). */
export function verifyWriteKey(secret: string, key: unknown): number | null {
  if (typeof key !== 'string' || key.length > 60) return null;
  const known = genuine.get(key);
  if (known?.secret === secret) return known.id;
  const id = checkWriteKey(secret, key);
  if (id !== null) {
    if (genuine.size >= GENUINE_LIMIT) genuine.clear();
    genuine.set(key, { secret, id });
  }
  return id;
}

function checkWriteKey(secret: string, key: string): number | null {
  const m = /^rk_([0-9a-z]{1,11})_([A-Za-z0-9_-]{22})$/.exec(key);
  if (!m) return null;
  const id = parseInt(m[1]!, 36);
  if (!Number.isSafeInteger(id)) return null;
  const expected = Buffer.from(mac(secret, id));
  const actual = Buffer.from(m[2]!);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? id : null;
}
