import type { AppContext } from '../../context.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { presentContact } from './contact-write.js';
import { findSimilarNamePairs } from './contacts-merge.repo.js';
import * as repo from './contacts.repo.js';

/** Groups of contacts sharing a normalised email or phone (the exact detection). */
export async function findDuplicateContacts(options: { ctx: AppContext; actor: Actor; limit?: number }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'contacts:read');
  const groups = await repo.findDuplicateGroups(ctx.db, actor.workspaceId, options.limit ?? 100);
  const contacts = await repo.findContactsByIds(ctx.db, actor.workspaceId, [...new Set(groups.flatMap((g) => g.ids))]);
  const byId = new Map(contacts.map((c) => [c.id, presentContact(c)]));
  return { data: groups.map((g) => ({ reason: g.reason, key: g.key, contacts: g.ids.map((id) => byId.get(id)!).filter(Boolean) })) };
}

/** How many of the newest contacts the fuzzy pass compares (each one index probe). */
export const FUZZY_SCAN = 5000;
const MIN_NAME_SCORE = 0.6;

export type CandidateReason = 'same_email' | 'similar_email' | 'same_phone' | 'same_name_company' | 'same_name' | 'similar_name';
const REASON_TEXT: Record<CandidateReason, string> = {
  same_email: 'Same email address',
  similar_email: 'Same email once dots and plus tags are removed',
  same_phone: 'Same phone number',
  same_name_company: 'Same name and company',
  same_name: 'Same name',
  similar_name: 'Similar names',
};

/**
 * Candidate pairs, best first, each with a score (0–1) and its reasons: exact matches on the
 * normalised email or phone, then the same name at the same company, the same name, and names
 * that are similar by trigrams (pg_trgm). Bounded: `limit` pairs, the fuzzy pass over the
 * FUZZY_SCAN newest contacts of the workspace.
 */
export async function findDuplicateCandidates(options: { ctx: AppContext; actor: Actor; limit: number }) {
  const { ctx, actor, limit } = options;
  requirePermission(actor, 'contacts:read');
  const ws = actor.workspaceId;
  const pairs = new Map<string, { a: number; b: number; score: number; reasons: Set<CandidateReason>; similarity?: number }>();
  const add = (x: number, y: number, score: number, reason: CandidateReason, similarity?: number) => {
    const [a, b] = x < y ? [y, x] : [x, y];
    const pair = pairs.get(`${a}:${b}`) ?? pairs.set(`${a}:${b}`, { a, b, score: 0, reasons: new Set() }).get(`${a}:${b}`)!;
    pair.score = Math.max(pair.score, score);
    pair.reasons.add(reason);
    if (similarity !== undefined) pair.similarity = similarity;
  };
  const groups = await repo.findDuplicateGroups(ctx.db, ws, limit);
  const exact = await repo.findContactsByIds(ctx.db, ws, [...new Set(groups.flatMap((g) => g.ids))]);
  const rawEmail = new Map(exact.map((c) => [c.id, c.email?.trim().toLowerCase()]));
  for (const g of groups) {
    // A group of n is n-1 pairs with its oldest member (merging them all leaves one).
    for (const id of g.ids.slice(1)) {
      if (g.reason === 'phone') add(id, g.ids[0], 0.9, 'same_phone');
      else if (rawEmail.get(id) === rawEmail.get(g.ids[0])) add(id, g.ids[0], 1, 'same_email');
      else add(id, g.ids[0], 0.95, 'similar_email');
    }
  }
  for (const p of await findSimilarNamePairs(ctx.db, ws, { scan: FUZZY_SCAN, minScore: MIN_NAME_SCORE, limit })) {
    if (p.same_name && p.same_company) add(p.a_id, p.b_id, 0.85, 'same_name_company');
    else if (p.same_name) add(p.a_id, p.b_id, 0.7, 'same_name');
    else add(p.a_id, p.b_id, Math.round(p.score * 0.7 * 100) / 100, 'similar_name', p.score);
  }
  const best = [...pairs.values()].sort((x, y) => y.score - x.score || y.a - x.a).slice(0, limit);
  const contacts = await repo.findContactsByIds(ctx.db, ws, [...new Set(best.flatMap((p) => [p.a, p.b]))]);
  const byId = new Map(contacts.map((c) => [c.id, presentContact(c)]));
  return {
    data: best.filter((p) => byId.has(p.a) && byId.has(p.b)).map((p) => ({
      score: p.score,
      reasons: [...p.reasons].map((r) => ({ code: r, text: r === 'similar_name' && p.similarity ? `${REASON_TEXT[r]} (${Math.round(p.similarity * 100)}% alike)` : REASON_TEXT[r] })),
      // The older record first: it is usually the one to keep.
      contacts: [byId.get(p.b)!, byId.get(p.a)!],
    })),
  };
}
