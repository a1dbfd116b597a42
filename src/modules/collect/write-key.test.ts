import { describe, expect, it } from 'vitest';
import { verifyWriteKey, writeKeyOf } from './write-key.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const OTHER = 'another-secret-of-at-least-thirty-two-chars';

describe('write keys', () => {
  it('names its tracking key, also when verified again (remembered)', () => {
    const key = writeKeyOf(SECRET, 42);
    expect(verifyWriteKey(SECRET, key)).toBe(42);
    expect(verifyWriteKey(SECRET, key)).toBe(42);
  });

  it('is not genuine under another secret, even once remembered under its own', () => {
    const key = writeKeyOf(SECRET, 7);
    expect(verifyWriteKey(SECRET, key)).toBe(7);
    expect(verifyWriteKey(OTHER, key)).toBeNull();
  });

  it('refuses tampered, malformed and non-string keys', () => {
    const key = writeKeyOf(SECRET, 9);
    expect(verifyWriteKey(SECRET, `${key.slice(0, -2)}xx`)).toBeNull();
    expect(verifyWriteKey(SECRET, key.replace('rk_9_', 'rk_a_'))).toBeNull();
    expect(verifyWriteKey(SECRET, 'rk_1')).toBeNull();
    expect(verifyWriteKey(SECRET, 12)).toBeNull();
    expect(verifyWriteKey(SECRET, `${key}${'x'.repeat(60)}`)).toBeNull();
  });
});
