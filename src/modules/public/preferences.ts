import type { AppContext } from '../../context.js';
import { lockContact } from '../contacts/contacts.repo.js';
import { lockList, marketingLists, membershipsOf } from '../lists/lists.repo.js';
import { applyMembership, type ConsentEvidence } from '../lists/membership.js';
import { checkLink, linkContact, unsubscribeEverywhere, type Visitor } from './link-actions.js';
import { publicActor } from './public-actor.js';

export interface PreferenceList {
  id: number;
  name: string;
  description: string | null;
  status: 'subscribed' | 'pending' | 'unsubscribed' | null;
}

/** What the preference centre shows: every marketing list, with the contact's status on it. */
export async function readPreferences(ctx: AppContext, token: string): Promise<{ email: string | null; lists: PreferenceList[] }> {
  const claims = checkLink(ctx, token, 'preferences');
  const contact = await linkContact(ctx.db, claims);
  const statuses = new Map((await membershipsOf(ctx.db, claims.w, claims.c)).map((m) => [m.id, m.status]));
  const lists = (await marketingLists(ctx.db, claims.w)).map((l) => ({ id: l.id, name: l.public_name ?? l.name, description: l.public_description, status: statuses.get(l.id) ?? null }));
  return { email: contact.email, lists };
}

/**
 * Saves the preference centre: `listIds` are the lists the person wants; every other marketing
 * list they are on is left. `all`: unsubscribe from everything (and be suppressed). The signed
 * link came by email to this contact, so joining a double opt-in list here needs no second email.
 */
export async function savePreferences(ctx: AppContext, token: string, input: { listIds: number[]; all: boolean }, v: Visitor) {
  const claims = checkLink(ctx, token, 'preferences');
  await ctx.db.transaction().execute(async (trx) => {
    await linkContact(trx, claims);
    await lockContact(trx, claims.w, claims.c);
    const actor = publicActor(claims.w, `preference-centre:${claims.c}`);
    const evidence: ConsentEvidence = { source: 'preference_centre', ip: v.ip, userAgent: v.userAgent?.slice(0, 500) ?? null, lawfulBasis: 'consent', proof: `Preference centre saved from ${v.ip}` };
    if (input.all) return unsubscribeEverywhere(ctx, trx, actor, claims.c, evidence);
    const statuses = new Map((await membershipsOf(trx, claims.w, claims.c)).map((m) => [m.id, m.status]));
    for (const l of await marketingLists(trx, claims.w)) {
      const wanted = input.listIds.includes(l.id);
      const on = statuses.get(l.id) === 'subscribed' || statuses.get(l.id) === 'pending';
      if (wanted === on && statuses.get(l.id) !== 'pending') continue;
      const list = (await lockList(trx, claims.w, l.id))!;
      await applyMembership(trx, { ctx, list, contactIds: [claims.c], target: wanted ? 'subscribed' : 'unsubscribed', evidence, actor });
    }
  });
  return readPreferences(ctx, token);
}
