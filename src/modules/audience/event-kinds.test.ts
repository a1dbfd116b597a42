import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIENCE_EVENT_KINDS } from './event-kinds.js';

describe('audience event kinds', () => {
  it('lists every timeline kind the audience modules write', () => {
    const root = join(import.meta.dirname, '..');
    const files = ['lists/membership.ts', 'lists/lists.service.ts', 'lists/consents.service.ts', 'public/form-submit.ts'];
    const written = new Set<string>();
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const m of text.matchAll(/kind: '([a-z_]+)'/g)) written.add(m[1]);
      for (const m of text.matchAll(/(?:subscribed|pending|unsubscribed|granted|withdrawn): '([a-z_]+)'/g)) if (m[1].includes('_')) written.add(m[1]);
    }
    written.delete('created'); // the contacts module's kind
    const listed = new Set(AUDIENCE_EVENT_KINDS.map((k) => k.kind));
    expect([...written].filter((k) => !listed.has(k))).toEqual([]);
    expect(written.size).toBeGreaterThanOrEqual(5);
  });
});
