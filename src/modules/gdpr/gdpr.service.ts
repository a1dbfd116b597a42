import type { AppContext } from '../../context.js';
import { deleteContactMessages } from '../messages/messages.repo.js';
import { forgetOrderCustomer } from '../orders/orders.repo.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { emailHash } from '../audience/email-hash.js';
import { deleteContact, findContact, lockContact } from '../contacts/contacts.repo.js';
import { forgetSuppressedAddress, insertSuppressions } from '../suppressions/suppressions.repo.js';
import { contactExporters } from './exporters.js';
import { anonymiseTraces } from './gdpr.repo.js';

/** Everything Rapport holds about a contact, one section per registered exporter (GDPR Art. 15/20). */
export async function exportContactData(options: { ctx: AppContext; actor: Actor; contactId: number }) {
  const { ctx, actor, contactId } = options;
  requirePermission(actor, 'contacts:gdpr');
  return ctx.db.transaction().execute(async (trx) => {
    if (!(await findContact(trx, actor.workspaceId, contactId))) throw AppError.notFound('Contact');
    const doc: Record<string, unknown> = { exportedAt: new Date().toISOString() };
    for (const [section, exporter] of contactExporters) doc[section] = await exporter({ db: trx, actor, contactId });
    await insertAudit(trx, actor, { entity: 'contact', entityId: contactId, action: 'gdpr_export', after: { sections: [...contactExporters.keys()] } });
    return doc;
  });
}

/**
 * Erasure (GDPR Art. 17): the contact and everything that hangs off it (memberships, ledger, notes,
 * its own timeline) are deleted; events elsewhere and audit entries are anonymised; the address
 * survives only as its keyed hash on the suppression list, so an import or an admin can't add the
 * person back by mistake. They can still sign up again themselves through a form, which lifts it.
 */
export async function eraseContact(options: { ctx: AppContext; actor: Actor; contactId: number }) {
  const { ctx, actor, contactId } = options;
  requirePermission(actor, 'contacts:gdpr');
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await lockContact(trx, actor.workspaceId, contactId))) throw AppError.notFound('Contact');
    const c = (await findContact(trx, actor.workspaceId, contactId))!;
    if (c.email) {
      const hash = emailHash(ctx.secret, c.email);
      await insertSuppressions(trx, actor.workspaceId, [{ email: null, emailHash: hash, reason: 'erased', note: null }]);
      await forgetSuppressedAddress(trx, actor.workspaceId, hash);
    }
    await anonymiseTraces(trx, actor.workspaceId, contactId, [
      { value: c.email ?? '', onlyMentioning: false }, { value: c.phone ?? '', onlyMentioning: false }, { value: c.full_name, onlyMentioning: true },
    ]);
    await forgetOrderCustomer(trx, actor.workspaceId, contactId);
    await deleteContactMessages(trx, actor.workspaceId, contactId);
    await deleteContact(trx, actor.workspaceId, contactId);
    await insertAudit(trx, actor, { entity: 'contact', entityId: contactId, action: 'erase', after: { erased: true } });
  });
  return { erased: true as const };
}
