import type { Role } from '../../db/schema.js';

/**
 * What each role can do, in one line, for the invite dialog and the users list.
 * docs/permissions.md repeats these lines word for word (role-descriptions.test.ts checks).
 */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: 'Everything, including workspace settings and new workspaces; only an owner makes another owner.',
  admin: 'Everything but workspace settings: users, API keys, pipelines and the audit log included.',
  sales: 'Contacts, companies, notes, their own deals, activities, sales reports, imports and exports.',
  support: 'Contacts, companies, notes and activities; no deals.',
  marketing: 'Contacts, companies, custom fields, segments, lists, imports and exports; no notes, deals or activities.',
  agency: 'An outside marketer: reads contacts and companies, edits contacts, segments and lists; deletes, imports, exports and manages nothing.',
};
