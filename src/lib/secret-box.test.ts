import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './secret-box.js';

const secret = 'instance-secret-of-at-least-thirty-two-characters';

describe('secret box', () => {
  it('opens what it sealed, and never shows the plaintext', () => {
    const sealed = sealSecret(secret, 'smtp-password', 'hunter2');
    expect(sealed).not.toContain('hunter2');
    expect(openSecret(secret, 'smtp-password', sealed)).toBe('hunter2');
    expect(sealSecret(secret, 'smtp-password', 'hunter2')).not.toBe(sealed);
  });
  it('refuses a changed value, another purpose and another instance secret', () => {
    const sealed = sealSecret(secret, 'smtp-password', 'hunter2');
    const [v, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => openSecret(secret, 'smtp-password', [v, iv, flipped.toString('base64url'), tag].join('.'))).toThrow();
    expect(() => openSecret(secret, 'dkim-key', sealed)).toThrow();
    expect(() => openSecret(`${secret}x`, 'smtp-password', sealed)).toThrow();
    expect(() => openSecret(secret, 'smtp-password', 'garbage')).toThrow('not a sealed secret');
  });
});
