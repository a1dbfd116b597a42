import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { Actor } from '../auth/permissions.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import { diffTags, type FieldChange } from '../../lib/record-diff.js';
import { buildContactWrite, diffContact } from '../contacts/contact-write.js';
import * as contacts from '../contacts/contacts-bulk.repo.js';
import type { ContactRow, ContactWrite } from '../contacts/contacts.repo.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import { resolveCompanies } from './import-companies.js';
import type { NewImportError } from './imports.repo.js';
import { parseRow, type ParsedRow } from './import-rows.js';
import { subscribeImported } from './import-consent.js';
import { isDataError } from './import-savepoint.js';
import type { BatchSettings, KindResult, Records } from './import-step.js';

/**
 * One contact the batch writes. Repeats inside the file are settled before (import-scan.ts), so
 * rows share a target only when a dry run met the email in an earlier batch.
 */
export interface Target {
  id: number | null;
  before: contacts.MatchedContact | null;
  write: ContactWrite;
  isNew: boolean;
  /** Matched only through `dryRunEmails`: nothing to write. */
  phantom?: boolean;
  /** An existing contact some row changes; one that no row changes is not written at all. */
  changed?: boolean;
}
export interface Action {
  row: ParsedRow;
  target: Target;
  action: 'created' | 'updated';
  /** This row's own columns (the target's write merges every row of the batch for it). */
  write: ContactWrite;
  /** For an update: what this row changed, shown on the contact's timeline. */
  changes?: { fields: FieldChange[]; tagsAdded: string[]; tagsRemoved: string[] };
}

/**
 * Validates, matches and writes one batch of rows inside the caller's transaction: one query
 * matches every email, one insert creates, one update changes, and the timeline and audit entries
 * go in with them. A row with any problem is skipped with its errors; the others still save.
 *
 * Each contact gets an `imported` timeline event naming the import and its row (and, for an
 * update, the fields the row changed); import-step.ts writes the batch's audit entry.
 */
export async function processBatch(trx: Executor, s: BatchSettings, records: Records): Promise<KindResult> {
  const ws = s.actor.workspaceId;
  const parsed = records.map((r) => r.parsed ?? parseRow(r.record, r.row, s.rows)).filter((p) => !p.blank);
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
        actions.push({ row: p, target, action: 'updated', write });
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
      actions.push({ row: p, target: created, action: 'created', write });
    }
  }

  await resolveCompanies(trx, s, actions);
  describeChanges(actions);
  const saved = await writeTargets(trx, s, actions, (a, message) => fail(a.row, null, message));
  if (s.consent) await subscribeImported(trx, s.consent, s.actor, s.importId, saved.filter((a) => !a.target.phantom).map((a) => a.target.id!));
  if (s.dryRunEmails) for (const email of byEmail.keys()) s.dryRunEmails.add(email);
  return {
    created: saved.filter((a) => a.action === 'created').length,
    updated: saved.filter((a) => a.action === 'updated').length,
    failed: failed.size,
    errors,
  };
}

/**
 * What each update row changes, against the contact as the rows before it left it; a contact
 * that no row changes is marked unchanged and not written.
 */
function describeChanges(actions: Action[]) {
  const state = new Map<Target, ContactRow>();
  for (const a of actions) {
    const current = state.get(a.target) ?? ({ custom: {}, tags: [], ...a.target.before } as ContactRow);
    state.set(a.target, { ...current, ...a.write });
    if (a.action !== 'updated') continue;
    a.changes = { fields: diffContact(current, a.write), ...renameTags(diffTags(current.tags, a.write.tags)) };
    if (a.changes.fields.length || a.changes.tagsAdded.length || a.changes.tagsRemoved.length) a.target.changed = true;
  }
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
  const ids = await contacts.insertContactsBulk(trx, ws, fresh.map((t) => t.write));
  fresh.forEach((t, i) => (t.id = ids[i]));
  // Like PATCH /contacts, a write that changes nothing is not made (updated_at stays).
  const old = targets.filter((t) => !t.isNew && t.changed);
  await contacts.updateContactsBulk(trx, ws, old.map((t) => ({ id: t.id!, write: t.write })));
  await insertTimelineEvents(trx, actions.filter((a) => !a.target.phantom).map((a) => ({
    workspaceId: ws, contactId: a.target.id, kind: 'imported', actorUserId: s.actor.userId,
    data: { importId: s.importId, action: a.action, row: a.row.row, ...changesOf(a) },
  })));
}

const renameTags = (d: { added: string[]; removed: string[] }) => ({ tagsAdded: d.added, tagsRemoved: d.removed });

/** What an update row changed, leaving out empty lists so unchanged rows keep a small event. */
function changesOf(a: Action) {
  if (!a.changes) return {};
  const { fields, tagsAdded, tagsRemoved } = a.changes;
  return { ...(fields.length ? { changes: fields } : {}), ...(tagsAdded.length ? { tagsAdded } : {}), ...(tagsRemoved.length ? { tagsRemoved } : {}) };
}
