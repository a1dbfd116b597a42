import { describe, expect, it } from 'vitest';
import { normalizeDomain } from './domain.js';

describe('normalizeDomain', () => {
  it('keeps only the lower-case host of a URL or domain', () => {
    expect(normalizeDomain('Acme.COM')).toBe('acme.com');
    expect(normalizeDomain(' https://WWW.Acme.com/about?x=1#top ')).toBe('www.acme.com');
    expect(normalizeDomain('acme.co.uk:8080/path')).toBe('acme.co.uk');
    expect(normalizeDomain('acme.com.')).toBe('acme.com');
    expect(normalizeDomain('münchen.de')).toBe('xn--mnchen-3ya.de');
  });
  it('refuses what is not a host name', () => {
    for (const bad of ['', 'acme', 'not a domain', 'ann@acme.com', '1.2.3.4', 'http://', 'javascript:alert(1)', 'acme.c', '-acme.com', 'a..com']) {
      expect(normalizeDomain(bad), bad).toBeNull();
    }
  });
});
