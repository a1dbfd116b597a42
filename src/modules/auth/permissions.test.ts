import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permissionTable } from './permission-table.js';

describe('docs/permissions.md', () => {
  it('shows the permission matrix the code enforces', () => {
    const doc = readFileSync(new URL('../../../docs/permissions.md', import.meta.url), 'utf8');
    const table = doc.split('<!-- permission-table:start -->')[1]?.split('<!-- permission-table:end -->')[0]?.trim();
    expect(table).toBe(permissionTable());
  });
});
