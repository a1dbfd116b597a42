import type { Executor } from '../../db/executor.js';
import type { Actor } from '../auth/permissions.js';
import { resolveContact } from '../identity/identity.service.js';

/**
 * What orders and inbound messages know of their person. Identity resolution is the identity
 * module's (`resolveContact`): a contact by email or by an external id recorded earlier, the two
 * merged when they name different contacts, else a new contact.
 */
export interface ContactHint {
  email?: string | null;
  /** Namespaced by its source: "shopify:customer:42", "whatsapp:+40712345678". */
  externalId?: string | null;
  firstName?: string;
  lastName?: string;
  phone?: string | null;
}

export async function resolveOrderContact(o: { db: Executor; actor: Actor; hint: ContactHint; source: string }): Promise<number> {
  const { hint } = o;
  const id = await resolveContact({
    db: o.db, workspaceId: o.actor.workspaceId, email: hint.email, externalId: hint.externalId, source: o.source,
    traits: { firstName: hint.firstName?.slice(0, 100), lastName: hint.lastName?.slice(0, 100), phone: hint.phone },
  });
  // Orders need an email or a customer id (orders.schema.ts) and messages always carry their sender's id.
  if (id === null) throw new Error('A contact needs an email or an external id');
  return id;
}
