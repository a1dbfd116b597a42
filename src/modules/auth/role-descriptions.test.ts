import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLES } from './permissions.js';
import { ROLE_DESCRIPTIONS } from './role-descriptions.js';

describe('role descriptions', () => {
  it('are written once for every role, and docs/permissions.md shows the same lines', () => {
    const doc = readFileSync(new URL('../../../docs/permissions.md', import.meta.url), 'utf8');
    for (const role of ROLES) expect(doc, role).toContain(`- **${role}**: ${ROLE_DESCRIPTIONS[role]}`);
  });
});
