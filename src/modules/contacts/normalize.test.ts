import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizePhone } from './normalize.js';

describe('normalize', () => {
  it('folds the spellings of one mailbox together', () => {
    expect(normalizeEmail(' John.Doe+news@GoogleMail.com ')).toBe('johndoe@gmail.com');
    expect(normalizeEmail('j.doe+x@example.com')).toBe('j.doe@example.com');
    expect(normalizeEmail(null)).toBeNull();
  });
  it('keeps only the digits of a phone', () => {
    expect(normalizePhone('+40 (721) 123-456')).toBe('40721123456');
    expect(normalizePhone('0040 721 123 456')).toBe('40721123456');
    expect(normalizePhone('12')).toBeNull();
  });
});
