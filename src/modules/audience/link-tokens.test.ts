import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signLink, verifyLink } from './link-tokens.js';

const SECRET = 'link-token-test-secret-of-some-length';
const id = fc.integer({ min: 1, max: 2 ** 40 });

describe('unsubscribe links naming a campaign recipient', () => {
  it('carry the recipient when given and verify with or without it; any change to one character is refused', () => {
    fc.assert(fc.property(id, id, fc.option(id, { nil: undefined }), fc.option(id, { nil: undefined }), fc.nat(), (w, c, l, r, at) => {
      const token = signLink(SECRET, { p: 'unsubscribe', w, c, l, r });
      expect(token.length).toBeLessThanOrEqual(100);
      const check = verifyLink(SECRET, token, 'unsubscribe');
      expect(check.ok).toBe(true);
      if (check.ok) expect([check.claims.w, check.claims.c, check.claims.l, check.claims.r]).toEqual([w, c, l, r]);
      const i = at % token.length;
      const changed = token.slice(0, i) + (token[i] === 'a' ? 'b' : 'a') + token.slice(i + 1);
      expect(verifyLink(SECRET, changed, 'unsubscribe').ok).toBe(false);
    }), { numRuns: 300 });
  });

  it('still reads links of the five-part form mailed before recipients were named', () => {
    const old = signLink(SECRET, { p: 'unsubscribe', w: 7, c: 42, l: 3 });
    expect(old.split('.')).toHaveLength(6); // five parts and the MAC
    const check = verifyLink(SECRET, old, 'unsubscribe');
    expect(check.ok && check.claims.r).toBeUndefined();
  });
});
