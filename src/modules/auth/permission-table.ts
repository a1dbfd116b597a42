import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from './permissions.js';

/** The role × permission matrix as the Markdown table in docs/permissions.md (a test keeps them equal). */
export function permissionTable(): string {
  const rows = PERMISSIONS.map((p) => `| \`${p}\` | ${ROLES.map((r) => (ROLE_PERMISSIONS[r].has(p) ? '✓' : ' ')).join(' | ')} |`);
  return [`| permission | ${ROLES.join(' | ')} |`, `|---|${ROLES.map(() => ':-:').join('|')}|`, ...rows].join('\n');
}
