import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError, ErrorCode, type FieldIssue } from '../../lib/app-error.js';
import { queueConfirmation } from '../audience/confirmation.js';
import { emailHash, isSendableEmail } from '../audience/email-hash.js';
import { hitRateCounter } from '../audience/rate-counters.js';
import { insertAudit } from '../audit/audit.repo.js';
import { insertContact, findContactIdByEmail } from '../contacts/contacts.repo.js';
import { normalizeEmail, normalizePhone } from '../contacts/normalize.js';
import { checkCustomValue } from '../custom-fields/custom-values.js';
import { listFieldDefinitions } from '../custom-fields/custom-fields.repo.js';
import { countSubmission, findPublicForm, type FormRow } from '../forms/forms.repo.js';
import { findListsByIds, lockList } from '../lists/lists.repo.js';
import { applyMembership } from '../lists/membership.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { publicActor } from './public-actor.js';

/** Per address: a few sign-ups an hour is plenty for a person and useless for a list-bomber. */
export const SUBMISSIONS_PER_EMAIL_PER_HOUR = 5;
const MAX_VALUE = 500;

export interface Submission {
  formId: number;
  body: Record<string, unknown>;
  ip: string;
  userAgent: string | null;
}

export interface SubmissionAnswer {
  message: string;
  redirectUrl: string | null;
}

/** The answer depends on the form only, never on the address, so nobody learns who is on a list. */
function answerOf(form: FormRow, double: boolean): SubmissionAnswer {
  const message = form.success_message ?? (double ? 'Almost done: check your inbox and confirm your subscription.' : 'Thank you, you are subscribed.');
  return { message, redirectUrl: form.redirect_url };
}

export async function loadPublicForm(ctx: AppContext, formId: number) {
  const form = await findPublicForm(ctx.db, formId);
  if (!form || !form.enabled) throw AppError.notFound('Form');
  return form;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * A public sign-up: validates the fields, then in one transaction finds or creates the contact
 * and subscribes it to the form's lists with the form's consent text as proof (pending plus one
 * confirmation email on double opt-in lists). An existing contact's details are never changed by
 * a stranger: what was typed is applied to its blanks only when the mailbox owner confirms.
 */
export async function submitForm(ctx: AppContext, s: Submission): Promise<SubmissionAnswer> {
  const form = await loadPublicForm(ctx, s.formId);
  if (s.body.website === undefined) throw AppError.invalid({ path: 'website', message: 'the form is incomplete (reload the page and try again)' });
  const lists = await findListsByIds(ctx.db, form.workspace_id, form.list_ids);
  const double = lists.some((l) => l.opt_in_mode === 'double');
  // A filled honeypot is a bot: it gets the usual answer and nothing is written.
  if (str(s.body.website)) return answerOf(form, double);
  const values = await readFields(ctx, form, s.body);
  const limit = await hitRateCounter(ctx.db, { bucket: 'form-email', key: emailHash(ctx.secret, values.email), windowSeconds: 3600, limit: SUBMISSIONS_PER_EMAIL_PER_HOUR });
  if (!limit.allowed) throw new AppError(ErrorCode.RATE_LIMITED, 'Too many sign-ups for this address; try again later', { retryAfter: limit.retryAfter });

  await ctx.db.transaction().execute(async (trx) => {
    const ws = form.workspace_id;
    const actor = publicActor(ws, `form:${form.id}`);
    // Two submissions of one new address at once must not both create the contact.
    await sql`select pg_advisory_xact_lock(hashtext(${`form-contact:${ws}:${values.email.toLowerCase()}`}))`.execute(trx);
    const existing = await findContactIdByEmail(trx, ws, values.email);
    const contactId = existing?.id ?? (await createFromForm(trx, ws, form, values));
    const evidence = {
      source: 'form' as const, formId: form.id, textShown: form.consent_text, ip: s.ip, userAgent: s.userAgent?.slice(0, 500) ?? null,
      lawfulBasis: 'consent', proof: `Sign-up form "${form.name}" (#${form.id}) submitted from ${s.ip}`,
    };
    const pendingLists: number[] = [];
    for (const list of lists) {
      const locked = (await lockList(trx, ws, list.id))!;
      const r = await applyMembership(trx, { ctx, list: locked, contactIds: [contactId], target: 'subscribed', evidence, actor, queueConfirmations: false });
      if (r.pendingIds.length) pendingLists.push(list.id);
    }
    // One email confirms every double opt-in list of the submission.
    if (pendingLists.length) await queueConfirmation(ctx, trx, { workspaceId: ws, contactId, listIds: pendingLists, formId: form.id, fields: existing ? values.fields : {} });
    await countSubmission(trx, form.id);
    await insertTimelineEvents(trx, [{ workspaceId: ws, contactId, kind: 'form_submitted', data: { formId: form.id, formName: form.name, listIds: form.list_ids } }]);
    await insertAudit(trx, actor, { entity: 'form', entityId: form.id, action: 'submit', after: { contactId, lists: form.list_ids } });
  });
  return answerOf(form, double);
}

interface FormValues {
  email: string;
  /** Contact columns and custom values as they would be written. */
  fields: Record<string, unknown>;
}

async function readFields(ctx: AppContext, form: FormRow & { workspace_id: number }, body: Record<string, unknown>): Promise<FormValues> {
  const issues: FieldIssue[] = [];
  const fields: Record<string, unknown> = {};
  const defs = form.fields.some((f) => f.key.startsWith('custom.')) ? await listFieldDefinitions(ctx.db, form.workspace_id, 'contact') : [];
  for (const f of form.fields) {
    const value = str(body[f.key]);
    if (value && value.length > MAX_VALUE) issues.push({ path: f.key, message: `must be at most ${MAX_VALUE} characters` });
    else if (!value) { if (f.required) issues.push({ path: f.key, message: `${f.label} is required` }); }
    else if (f.key === 'email' && !isSendableEmail(value)) issues.push({ path: 'email', message: 'must be a valid email address' });
    else if (f.key.startsWith('custom.')) {
      const def = defs.find((d) => d.key === f.key.slice(7));
      if (!def) continue;
      const typed = def.type === 'number' ? Number(value) : def.type === 'boolean' ? ['on', 'true', 'yes', '1'].includes(value) : def.type === 'multiselect' ? [value] : value;
      const checked = checkCustomValue({ ...def, required: false }, typed);
      if (checked.ok) fields[f.key] = checked.value;
      else issues.push({ path: f.key, message: `${f.label} ${checked.message}` });
    } else fields[f.key] = value;
  }
  if (issues.length) throw AppError.invalid(issues);
  return { email: String(fields.email).toLowerCase(), fields };
}

/** A new contact from a sign-up, with the fields the form asked for. */
async function createFromForm(trx: Executor, ws: number, form: FormRow, v: FormValues): Promise<number> {
  const f = v.fields;
  const custom = Object.fromEntries(Object.entries(f).filter(([k]) => k.startsWith('custom.')).map(([k, val]) => [k.slice(7), val]));
  const id = await insertContact(trx, ws, {
    email: v.email, email_normalized: normalizeEmail(v.email), first_name: (f.first_name as string) ?? '', last_name: (f.last_name as string) ?? '',
    phone: (f.phone as string) ?? null, phone_normalized: normalizePhone(f.phone as string | undefined), custom: custom as never,
  });
  await insertTimelineEvents(trx, [{ workspaceId: ws, contactId: id, kind: 'created', data: { source: 'form', formId: form.id } }]);
  return id;
}
