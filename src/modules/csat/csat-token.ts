import { signValue, verifySigned } from '../../lib/crypto.js';

/** How long the survey's links work, and so how long the customer may change their score. */
export const CSAT_LINK_DAYS = 30;
const DAY = 86_400_000;

export interface CsatClaim {
  ticketId: number;
  score: number;
  issuedAt: Date;
}

/** One link per score: `c.<ticket>.<score>.<issued, epoch seconds>`, HMAC-signed with the instance secret. */
export function csatToken(secret: string, claim: CsatClaim): string {
  return signValue(secret, `c.${claim.ticketId}.${claim.score}.${Math.floor(claim.issuedAt.getTime() / 1000)}`);
}

/** The claim of an untampered, unexpired token; null for anything else. */
export function readCsatToken(secret: string, token: string, now = new Date()): CsatClaim | null {
  const value = verifySigned(secret, token);
  const m = value ? /^c\.(\d{1,15})\.([1-5])\.(\d{1,12})$/.exec(value) : null;
  if (!m) return null;
  const issuedAt = new Date(Number(m[3]) * 1000);
  if (now.getTime() - issuedAt.getTime() > CSAT_LINK_DAYS * DAY || issuedAt.getTime() - now.getTime() > 5 * 60_000) return null;
  return { ticketId: Number(m[1]), score: Number(m[2]), issuedAt };
}
