import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { mergeContacts } from '../contacts/contacts-merge.service.js';
import { createContact } from '../contacts/contacts.service.js';
import { createForm } from '../forms/forms.service.js';
import { eraseContact } from '../gdpr/gdpr.service.js';
import { createList, setMembers } from '../lists/lists.service.js';
import { submitForm } from '../public/form-submit.js';
import { confirmLink, unsubscribeLink } from '../public/link-actions.js';
import { savePreferences } from '../public/preferences.js';
import { addSuppression } from '../suppressions/suppressions.service.js';
import type { AppError } from '../../lib/app-error.js';
import { emailHash } from './email-hash.js';
import { signLink } from './link-tokens.js';
import { eligibleRecipients } from './send-guard.js';

/**
 * Any sequence of subscribe, form sign-up, confirm, unsubscribe (one list or all), suppress,
 * erase, merge and re-import, run through the real services on the real database, and after each
 * step the guard returns exactly the contacts that the model says consented and are not suppressed,
 * each with a grant for the list in the ledger and no suppression row for its address.
 */
type Cmd =
  | { k: 'subscribe' | 'form' | 'confirm' | 'unsubscribe' | 'unsubscribeAll' | 'suppress' | 'erase' | 'reimport'; i: number }
  | { k: 'merge'; i: number; j: number };

const N = 3;
const idx = fc.integer({ min: 0, max: N - 1 });
const one = (k: Exclude<Cmd['k'], 'merge'>, weight: number) => ({ arbitrary: fc.record({ k: fc.constant(k), i: idx }), weight });
// Sign-ups and confirmations weigh more, so runs reach states where someone may be mailed.
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  one('form', 4), one('confirm', 4), one('subscribe', 3), one('reimport', 1), one('unsubscribe', 1), one('unsubscribeAll', 1), one('suppress', 1), one('erase', 1),
  { arbitrary: fc.record({ k: fc.constant('merge' as const), i: idx, j: idx }), weight: 1 },
) as fc.Arbitrary<Cmd>;

type Status = 'pending' | 'subscribed' | 'unsubscribed' | undefined;
type Block = 'manual' | 'unsubscribed' | 'erased' | undefined;

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
  (t.ctx.config as { SMTP_URL?: string }).SMTP_URL = 'smtp://127.0.0.1:2';
});
afterAll(async () => t.close());

let run = 0;
const SALT = Math.random().toString(36).slice(2, 8);
let returned = 0;
async function check(mode: 'single' | 'double', cmds: Cmd[]) {
  const ws = await newWorkspace(t.ctx);
  const actor = ws.owner.actor;
  const ctx = t.ctx;
  const list = await createList({ ctx, actor, input: { name: 'L', purpose: 'marketing', optInMode: mode, description: null, publicName: null, publicDescription: null, senderName: null } });
  const form = await createForm({ ctx, actor, input: { name: 'F', listIds: [list.id], fields: [{ key: 'email', label: 'Email', required: true }], consentText: 'Yes', successMessage: null, enabled: true } });
  run++;
  // Mixed case and a +tag on some addresses: the suppression hash must see through both.
  // Unique per process too: the per-address sign-up limit is counted in the (maybe shared) database.
  const emails = Array.from({ length: N }, (_, i) => `Person${i}.r${run}.${SALT}@Example.org`);
  const contactOf: (number | null)[] = Array(N).fill(null);
  const status = new Map<number, Status>();
  const block: Block[] = Array(N).fill(undefined);
  // Withdrawal from all email per contact: an admin can't override it; the person's own sign-up does.
  const channel = new Map<number, 'withdrawn' | 'granted'>();
  const visitor = { ip: '192.0.2.9', userAgent: null };
  const consent = { source: 'admin' as const, lawfulBasis: 'consent' as const, proof: 'test fixture' };
  const emailIndexOf = new Map<number, number>();
  const lift = (i: number) => { if (block[i] === 'unsubscribed' || block[i] === 'erased') block[i] = undefined; };
  const ensureContact = async (i: number) => {
    if (contactOf[i] === null) {
      contactOf[i] = (await createContact({ ctx, actor, input: { email: emails[i] } })).id;
      emailIndexOf.set(contactOf[i]!, i);
    }
    return contactOf[i]!;
  };

  for (const c of cmds) {
    const id = contactOf[c.i];
    switch (c.k) {
      case 'reimport':
        await ensureContact(c.i);
        break;
      case 'subscribe': {
        if (id === null) break;
        await setMembers({ ctx, actor, id: list.id, input: { contactIds: [id], status: 'subscribed', consent } });
        const was = status.get(id);
        if (!block[c.i]) status.set(id, mode === 'double' ? (was === 'subscribed' ? was : 'pending') : 'subscribed');
        break;
      }
      case 'form': {
        // More than the per-address hourly limit of sign-ups is refused (429) and changes nothing.
        const limited = await submitForm(ctx, { formId: form.id, body: { email: emails[c.i], website: '' }, ...visitor }).then(() => false, (e: AppError) => e.code === 'RATE_LIMITED');
        if (limited) break;
        const found = await ctx.db.selectFrom('contacts').select('id').where('workspace_id', '=', ws.id).where('email', '=', emails[c.i].toLowerCase()).executeTakeFirst();
        if (contactOf[c.i] === null) { contactOf[c.i] = found!.id; emailIndexOf.set(found!.id, c.i); }
        const cid = contactOf[c.i]!;
        if (block[c.i] === 'manual') break;
        if (mode === 'single') { lift(c.i); status.set(cid, 'subscribed'); if (channel.has(cid)) channel.set(cid, 'granted'); } else if (status.get(cid) !== 'subscribed') status.set(cid, 'pending');
        break;
      }
      case 'confirm': {
        if (id === null) break;
        const tok = await ctx.db.selectFrom('confirmation_tokens').select('nonce').where('contact_id', '=', id).where('used_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
        if (!tok) break;
        await confirmLink(ctx, signLink(ctx.secret, { p: 'confirm', w: ws.id, c: id, n: tok.nonce }), visitor);
        if (status.get(id) === 'pending' && block[c.i] !== 'manual') { lift(c.i); status.set(id, 'subscribed'); if (channel.has(id)) channel.set(id, 'granted'); }
        break;
      }
      case 'unsubscribe':
        if (id === null) break;
        await unsubscribeLink(ctx, signLink(ctx.secret, { p: 'unsubscribe', w: ws.id, c: id, l: list.id }), visitor);
        status.set(id, 'unsubscribed');
        break;
      case 'unsubscribeAll':
        if (id === null) break;
        await savePreferences(ctx, signLink(ctx.secret, { p: 'preferences', w: ws.id, c: id }), { listIds: [], all: true }, visitor);
        if (status.get(id)) status.set(id, 'unsubscribed');
        if (!block[c.i]) channel.set(id, 'withdrawn');
        block[c.i] ??= 'unsubscribed';
        break;
      case 'suppress':
        await addSuppression({ ctx, actor, input: { email: emails[c.i].toUpperCase(), reason: 'manual' } }).catch(() => undefined);
        block[c.i] ??= 'manual';
        break;
      case 'erase':
        if (id === null) break;
        await eraseContact({ ctx, actor, contactId: id });
        contactOf[c.i] = null;
        block[c.i] ??= 'erased';
        break;
      case 'merge': {
        const dup = contactOf[c.j];
        if (id === null || dup === null || c.i === c.j) break;
        await mergeContacts({ ctx, actor, survivorId: id, duplicateId: dup });
        if (status.get(id) === undefined) status.set(id, status.get(dup));
        if (!channel.has(id) && channel.has(dup)) channel.set(id, channel.get(dup)!);
        contactOf[c.j] = null;
        break;
      }
    }
    const alive = contactOf.filter((x): x is number => x !== null);
    const { recipients } = await eligibleRecipients({ ctx, workspaceId: ws.id, listId: list.id, contactIds: alive });
    // The model's own answer: subscribed and not blocked. The guard must match it exactly (it may
    // not leave out a consenting contact either, or sends would silently shrink).
    const expected = alive.filter((cid) => status.get(cid) === 'subscribed' && !block[emailIndexOf.get(cid)!] && channel.get(cid) !== 'withdrawn').sort((a, b) => a - b);
    expect(recipients.map((r) => r.contactId), `after ${JSON.stringify(c)}`).toEqual(expected);
    returned += recipients.length;
    for (const r of recipients) {
      const i = emailIndexOf.get(r.contactId)!;
      expect(status.get(r.contactId), `contact ${r.contactId} after ${JSON.stringify(c)}`).toBe('subscribed');
      expect(block[i], `suppressed ${r.email} after ${JSON.stringify(c)}`).toBeUndefined();
      // Proof exists: a grant for this list in the ledger (a merge may interleave the duplicate's
      // older rows, so "newest row" is not the test; the survivor's own state is kept).
      const grant = await ctx.db.selectFrom('consent_events').select('id').where('contact_id', '=', r.contactId).where('list_id', '=', list.id).where('status', '=', 'granted').executeTakeFirst();
      expect(grant).toBeDefined();
      const sup = await ctx.db.selectFrom('suppressions').select('id').where('workspace_id', '=', ws.id).where('email_hash', '=', emailHash(ctx.secret, r.email)).executeTakeFirst();
      expect(sup).toBeUndefined();
    }
  }
}

describe('send guard (property)', () => {
  for (const mode of ['single', 'double'] as const) {
    it(`never returns a contact who did not consent or is suppressed (${mode} opt-in)`, async () => {
      returned = 0;
      await fc.assert(fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 14 }), (cmds) => check(mode, cmds)), { numRuns: Number(process.env.GUARD_RUNS ?? 15) });
      // Not vacuous: the sequences did reach states where someone may be mailed.
      expect(returned).toBeGreaterThan(0);
    }, 240_000);
  }
});
