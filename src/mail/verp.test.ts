import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVerp, verpAddress } from './verp.js';

const secret = 'instance-secret-of-at-least-thirty-two-characters';

describe('VERP return paths', () => {
  it('round-trips, whatever case a server folds the address to', () => {
    const address = verpAddress(secret, { kind: 'campaign', workspaceId: 3, id: 123456 }, 'bounces.example.com');
    expect(address).toMatch(/^b-c-3-123456-[0-9a-f]{16}@bounces\.example\.com$/);
    expect(parseVerp(secret, address)).toEqual({ kind: 'campaign', workspaceId: 3, id: 123456 });
    expect(parseVerp(secret, address.toUpperCase())).toEqual({ kind: 'campaign', workspaceId: 3, id: 123456 });
  });
  it('rejects any tampered address', () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.nat(1e9), fc.nat(1e9), (w, id, other) => {
        fc.pre(other !== id);
        const address = verpAddress(secret, { kind: 'transactional', workspaceId: w, id }, 'b.test');
        expect(parseVerp(secret, address.replace(`-${id}-`, `-${other}-`))).toBeNull();
        expect(parseVerp(secret, address.replace('b-t-', 'b-c-'))).toBeNull();
        expect(parseVerp(`${secret}x`, address)).toBeNull();
      }),
    );
    expect(parseVerp(secret, 'someone@example.com')).toBeNull();
  });
});
