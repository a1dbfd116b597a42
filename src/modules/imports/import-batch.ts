import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { ImportMode } from '../../db/schema.js';
import { insertAuditMany, type AuditEntry } from '../audit/audit.repo.js';
import type { Actor } from '../auth/permissions.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { buildContactWrite, presentContact } from '../contacts/contact-write.js';
import * as contacts from '../contacts/contacts.repo.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { findCompaniesByNames, insertCompanies, type NewImportError } from './imports.repo.js';
import { parseRow, type ParsedRow, type RowContext } from './import-rows.js';
import { subscribeImported, type ImportConsentHook } from './import-consent.js';

export interface BatchSettings {
  importId: number;
  actor: Actor;
  mode: ImportMode;
  defs: FieldDefinition[];
  rows: RowContext;
  /** Emails a dry run has already "created" in earlier (rolled back) batches. */
  dryRunEmails?: Set<string>;
  /** Subscribe saved rows to a list with the declared consent (import-consent.ts). */
  consent?: ImportConsentHook;
}

/** One contact the batch writes; several rows with the same email share it (later rows win). */
interface Target {
  id: number | null;
  before: contacts.ContactRow | null;
  write: contacts.ContactWrite;
  isNew: boolean;
  /** Matched only through `dryRunEmails`: nothing to write. */
  phantom?: boolean;
}
interface Action {
  row: ParsedRow;
  target: Target;
  action: 'created' | 'updated';
}
export interface BatchResult {
  created: number;
  updated: number;
  failed: number;
  errors: NewImportError[];
}

/**
 * Validates, matches and writes one batch of rows inside the caller's transaction: one query
 * matches every email, one insert creates, one update changes, and the timeline and audit entries
 * go in with them. A row with any problem is skipped with its errors; the others still save.
 */
export async function processBatch(trx: Executor, s: BatchSettings, records: { record: string[]; row: number }[]): Promise<BatchResult> {
  const ws = s.actor.workspaceId;
  const parsed = records.map((r) => parseRow(r.record, r.row, s.rows)).filter((p) => !p.blank);
  const errors: NewImportError[] = parsed.flatMap((p) => p.errors);
  const failed = new Set(parsed.filter((p) => p.errors.length).map((p) => p.row));
  const fail = (p: ParsedRow, field: string | null, message: string) => {
    errors.push({ row: p.row, field, message });
    failed.add(p.row);
  };

  const good = parsed.filter((p) => !p.errors.length);
  const existing = new Map((await contacts.findContactsByEmails(trx, ws, good.flatMap((p) => (p.email ? [p.email] : [])))).map((c) => [c.email!.toLowerCase(), c]));
  const byEmail = new Map<string, Target>();
  const actions: Action[] = [];
  for (const p of good) {
    let target = p.email ? byEmail.get(p.email) : undefined;
    if (!target && p.email) {
      const found = existing.get(p.email);
      if (found) target = { id: found.id, before: found, write: {}, isNew: false };
      else if (s.dryRunEmails?.has(p.email)) target = { id: null, before: null, write: {}, isNew: false, phantom: true };
      if (target) byEmail.set(p.email, target);
    }
    if (target) {
      if (s.mode === 'create') {
        fail(p, 'email', 'a contact with this email already exists (mode create)');
        continue;
      }
      const { write, issues } = buildContactWrite(p.input, s.defs, { custom: target.write.custom ?? target.before?.custom ?? {} });
      if (issues.length) issues.forEach((i) => fail(p, i.path, i.message));
      else {
        Object.assign(target.write, write);
        actions.push({ row: p, target, action: 'updated' });
      }
      continue;
    }
    if (s.mode === 'update') {
      fail(p, 'email', p.email ? 'no contact has this email (mode update)' : 'is required to find the contact to update');
      continue;
    }
    if (!(p.input.firstName || p.input.lastName || p.email || p.input.phone)) {
      fail(p, null, 'give at least a name, an email or a phone');
      continue;
    }
    const { write, issues } = buildContactWrite(p.input, s.defs, null);
    if (issues.length) issues.forEach((i) => fail(p, i.path, i.message));
    else {
      const created: Target = { id: null, before: null, write, isNew: true };
      if (p.email) byEmail.set(p.email, created);
      actions.push({ row: p, target: created, action: 'created' });
    }
  }

  await resolveCompanies(trx, s, actions);
  const saved = await writeTargets(trx, s, actions, (a, message) => fail(a.row, null, message));
  if (s.consent) await subscribeImported(trx, s.consent, s.actor, s.importId, saved.filter((a) => !a.target.phantom).map((a) => a.target.id!));
  if (s.dryRunEmails) for (const email of byEmail.keys()) s.dryRunEmails.add(email);
  return {
    created: saved.filter((a) => a.action === 'created').length,
    updated: saved.filter((a) => a.action === 'updated').length,
    failed: failed.size,
    errors: errors.sort((a, b) => a.row - b.row),
  };
}

/** Company cells name companies: matched case-insensitively, created once when missing. */
async function resolveCompanies(trx: Executor, s: BatchSettings, actions: Action[]) {
  const names = new Map<string, string>();
  for (const a of actions) if (a.row.companyName) names.set(a.row.companyName.toLowerCase(), a.row.companyName);
  if (names.size === 0) return;
  const ids = await findCompaniesByNames(trx, s.actor.workspaceId, [...names.keys()]);
  const created = await insertCompanies(trx, s.actor.workspaceId, [...names].filter(([key]) => !ids.has(key)).map(([, name]) => name));
  for (const c of created) ids.set(c.name.toLowerCase(), c.id);
  await insertAuditMany(trx, s.actor, created.map((c) => ({ entity: 'company', entityId: c.id, action: 'create', after: { id: c.id, name: c.name, source: 'import', importId: s.importId } })));
  for (const a of actions) if (a.row.companyName) a.target.write.company_id = ids.get(a.row.companyName.toLowerCase())!;
}

/**
 * Writes every target in bulk. If PostgreSQL refuses the batch (a value it rejects, or an email
 * taken meanwhile by someone else), it retries target by target under savepoints, so only the
 * rows it refuses fail.
 */
async function writeTargets(trx: Executor, s: BatchSettings, actions: Action[], fail: (a: Action, message: string) => void): Promise<Action[]> {
  const targets = [...new Set(actions.map((a) => a.target))].filter((t) => !t.phantom);
  await sql`savepoint import_batch`.execute(trx);
  try {
    await writeAll(trx, s, targets, actions);
    return actions;
  } catch (err) {
    if (!isDataError(err)) throw err;
    await sql`rollback to savepoint import_batch`.execute(trx);
  }
  for (const t of targets) if (t.isNew) t.id = null;
  const saved: Action[] = [];
  for (const t of targets) {
    const mine = actions.filter((a) => a.target === t);
    await sql`savepoint import_row`.execute(trx);
    try {
      await writeAll(trx, s, [t], mine);
      saved.push(...mine);
    } catch (err) {
      if (!isDataError(err)) throw err;
      await sql`rollback to savepoint import_row`.execute(trx);
      if (t.isNew) t.id = null;
      for (const a of mine) fail(a, `could not be saved: ${(err as Error).message}`);
    }
  }
  return saved.concat(actions.filter((a) => a.target.phantom)).sort((a, b) => a.row.row - b.row.row);
}

async function writeAll(trx: Executor, s: BatchSettings, targets: Target[], actions: Action[]) {
  const ws = s.actor.workspaceId;
  const fresh = targets.filter((t) => t.isNew);
  const ids = await contacts.insertContacts(trx, ws, fresh.map((t) => t.write));
  fresh.forEach((t, i) => (t.id = ids[i]));
  const old = targets.filter((t) => !t.isNew);
  await contacts.updateContactsBulk(trx, ws, old.map((t) => ({ id: t.id!, write: t.write })));
  await insertTimelineEvents(trx, actions.filter((a) => !a.target.phantom).map((a) => ({
    workspaceId: ws, contactId: a.target.id, kind: 'imported', actorUserId: s.actor.userId, data: { importId: s.importId, action: a.action, row: a.row.row },
  })));
  const after = new Map((await contacts.findContactsByIds(trx, ws, targets.map((t) => t.id!))).map((c) => [c.id, presentContact(c)]));
  const audit: AuditEntry[] = targets.map((t) => t.isNew
    ? { entity: 'contact', entityId: t.id, action: 'create', after: after.get(t.id!) }
    : { entity: 'contact', entityId: t.id, action: 'update', before: presentContact(t.before!), after: after.get(t.id!) });
  await insertAuditMany(trx, s.actor, audit);
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity violation) belong to rows, not to the job. */
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
