import { AppError } from '../../lib/app-error.js';
import type { Role } from '../../db/schema.js';

export const ROLES = ['owner', 'admin', 'sales', 'support', 'marketing', 'agency'] as const satisfies readonly Role[];

export const PERMISSIONS = [
  'contacts:read',
  'contacts:write',
  'contacts:delete',
  'companies:read',
  'companies:write',
  'companies:delete',
  'notes:read',
  'notes:write',
  'custom_fields:manage',
  'imports:run',
  'exports:run',
  'users:read',
  'users:manage',
  'api_keys:manage',
  'audit:read',
  'workspace:manage',
  'pipelines:manage',
  'deals:read',
  'deals:read_all',
  'deals:write',
  'deals:delete',
  'activities:read',
  'activities:write',
  'reports:sales',
  'segments:read',
  'segments:write',
  'segments:delete',
  'lists:read',
  'lists:write',
  'lists:delete',
  // GDPR export and erasure of a contact (owner and admin only; issue 8).
  'contacts:gdpr',
  // Campaigns, templates and their reports (issue 9); sending accounts and domains hold secrets.
  'campaigns:read',
  'campaigns:write',
  'campaigns:send',
  'sending:manage',
  // The help desk (issue 11): tickets and their reports; inboxes, SLA policies and business hours.
  'tickets:read',
  'tickets:write',
  'tickets:manage',
  'reports:support',
  // Collection (issue 12): sending events through the API; the snippet's tracking keys.
  'events:write',
  'tracking:manage',
  // Products and orders (issue 12): reading them, writing them (API, CSV), and the shop and
  // message-gateway webhook secrets.
  'orders:read',
  'orders:write',
  'orders:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const all = new Set<Permission>(PERMISSIONS);
const without = (...excluded: Permission[]) => new Set(PERMISSIONS.filter((p) => !excluded.includes(p)));

/**
 * The permission matrix (docs/permissions.md explains it). Marketing and agency never read notes,
 * deals or activities. An agency is an outside party a client delegates its marketing to: it
 * reads contacts and companies, edits contacts, and creates and edits segments and lists, but it
 * deletes nothing (no contacts, companies, segments or lists), imports and exports nothing, and
 * manages nothing (users, API keys, custom fields, workspace settings).
 */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  owner: all,
  admin: without('workspace:manage'),
  // Sales see their own deals; 'deals:read_all' is granted to them only when the workspace
  // setting `salesSeeAllDeals` is on (checked in the deals service).
  sales: new Set<Permission>([
    'contacts:read', 'contacts:write', 'contacts:delete', 'companies:read', 'companies:write', 'companies:delete',
    'notes:read', 'notes:write', 'imports:run', 'exports:run', 'users:read',
    'deals:read', 'deals:write', 'deals:delete', 'activities:read', 'activities:write', 'reports:sales', 'segments:read',
    'lists:read', 'tickets:read', 'orders:read', 'orders:write',
  ]),
  support: new Set<Permission>([
    'contacts:read', 'contacts:write', 'companies:read', 'companies:write', 'notes:read', 'notes:write', 'users:read',
    'activities:read', 'activities:write', 'segments:read',
    'lists:read', 'tickets:read', 'tickets:write', 'reports:support', 'orders:read',
  ]),
  marketing: new Set<Permission>([
    'contacts:read', 'contacts:write', 'contacts:delete', 'companies:read', 'companies:write',
    'custom_fields:manage', 'imports:run', 'exports:run', 'users:read', 'segments:read', 'segments:write', 'segments:delete',
    'lists:read', 'lists:write', 'lists:delete',
    'campaigns:read', 'campaigns:write', 'campaigns:send', 'sending:manage', 'orders:read', 'orders:write',
    'events:write', 'tracking:manage',
  ]),
  agency: new Set<Permission>(['contacts:read', 'contacts:write', 'companies:read', 'users:read', 'segments:read', 'segments:write',
    'lists:read', 'lists:write', 'campaigns:read', 'campaigns:write', 'campaigns:send']),
};

/** Who is acting: a logged-in user or an API key, always inside one workspace. */
export interface Actor {
  workspaceId: number;
  role: Role;
  userId: number | null;
  apiKeyId: number | null;
  /** For the audit log: "user:ann@example.com" or "api_key:Zapier". */
  label: string;
}

export function can(actor: Actor, permission: Permission): boolean {
  return ROLE_PERMISSIONS[actor.role].has(permission);
}

/** Every service function calls this before it touches data. */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw AppError.forbidden(permission);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => ROLE_PERMISSIONS[role].has(p));
}

/** Only an owner may grant the owner role. */
export function requireCanGrant(actor: Actor, role: Role): void {
  if (role === 'owner' && actor.role !== 'owner') {
    throw AppError.invalid({ path: 'role', message: 'only an owner can grant the owner role' });
  }
}
