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
  'lists:read',
  'lists:write',
  // GDPR export and erasure of a contact (owner and admin only; issue 8).
  'contacts:gdpr',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const all = new Set<Permission>(PERMISSIONS);
const without = (...excluded: Permission[]) => new Set(PERMISSIONS.filter((p) => !excluded.includes(p)));

/**
 * The permission matrix. Marketing and agency never read notes (nor, later, deals and tickets);
 * an agency is an outside party, so it cannot delete, export or manage anything.
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
    'lists:read',
  ]),
  support: new Set<Permission>([
    'contacts:read', 'contacts:write', 'companies:read', 'companies:write', 'notes:read', 'notes:write', 'users:read',
    'activities:read', 'activities:write', 'segments:read',
    'lists:read',
  ]),
  marketing: new Set<Permission>([
    'contacts:read', 'contacts:write', 'contacts:delete', 'companies:read', 'companies:write',
    'custom_fields:manage', 'imports:run', 'exports:run', 'users:read', 'segments:read', 'segments:write',
    'lists:read', 'lists:write',
  ]),
  agency: new Set<Permission>(['contacts:read', 'contacts:write', 'companies:read', 'users:read', 'segments:read', 'segments:write',
    'lists:read', 'lists:write']),
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
