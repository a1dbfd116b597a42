import type { Executor } from '../../db/executor.js';
import { insertAuditMany } from '../audit/audit.repo.js';
import type { Action } from './import-batch.js';
import type { BatchSettings } from './import-step.js';
import { findCompaniesByNames, insertCompanies } from './imports.repo.js';

/**
 * Company ids by lower-cased name, kept for the run: a file names the same few hundred companies
 * in every batch. Only companies found (committed) are kept, and none in a dry run. A company
 * deleted meanwhile fails its rows through the foreign key; it never links a wrong one.
 */
const companyIds = new WeakMap<BatchSettings, Map<string, number>>();
const MAX_KNOWN_COMPANIES = 10_000;

/** Company cells name companies: matched case-insensitively, created once when missing. */
export async function resolveCompanies(trx: Executor, s: BatchSettings, actions: Action[]) {
  const known = s.dryRunEmails ? new Map<string, number>() : (companyIds.get(s) ?? companyIds.set(s, new Map()).get(s)!);
  const createdHere = new Map<string, number>(); // exist only if this batch commits; the next batch finds them
  let found: Map<string, number> | undefined;
  const names = new Map<string, string>();
  for (const a of actions) if (a.row.companyName && !known.has(a.row.companyName.toLowerCase())) names.set(a.row.companyName.toLowerCase(), a.row.companyName);
  if (names.size) {
    found = await findCompaniesByNames(trx, s.actor.workspaceId, [...names.keys()]);
    // Bounded, so memory stays constant however many companies a file names.
    for (const [key, id] of found) if (known.size < MAX_KNOWN_COMPANIES) known.set(key, id);
    const created = await insertCompanies(trx, s.actor.workspaceId, [...names].filter(([key]) => !found!.has(key)).map(([, name]) => name));
    for (const c of created) createdHere.set(c.name.toLowerCase(), c.id);
    await insertAuditMany(trx, s.actor, created.map((c) => ({ entity: 'company', entityId: c.id, action: 'create', after: { id: c.id, name: c.name, source: 'import', importId: s.importId } })));
  }
  for (const a of actions) {
    if (!a.row.companyName) continue;
    const key = a.row.companyName.toLowerCase();
    a.write.company_id = a.target.write.company_id = known.get(key) ?? found?.get(key) ?? createdHere.get(key)!; // in row order: the last row wins
  }
}
