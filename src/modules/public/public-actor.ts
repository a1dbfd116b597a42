import type { Actor } from '../auth/permissions.js';

/**
 * Who acts on a public path (a form, a signed link): no user, no key, a label naming the path for
 * the ledger and the audit log. Only repo-level writers take it; it must never reach a service
 * that checks permissions (its role is the narrowest one, to fail closed if it did).
 */
export function publicActor(workspaceId: number, label: string): Actor {
  return { workspaceId, role: 'support', userId: null, apiKeyId: null, label };
}
