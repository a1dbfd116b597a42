import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTracking, extractLinks } from './tracking-links.js';
import { signTracking, verifyTracking } from './tracking-tokens.js';

const SECRET = 'test-secret-key-of-at-least-thirty-two-characters';
const html = `<html><body><a href="https://shop.example/a?x=1&amp;y=2">A</a>
  <a class="b" href='https://shop.example/b'>B</a><a href="mailto:hi@example.org">mail</a>
  <a href="{{ unsubscribe_url }}">unsubscribe</a><a href="https://x.example/{{ contact.id }}">p</a>
  <a href="https://shop.example/a?x=1&amp;y=2">A again</a><a href="#top">top</a></body></html>`;

describe('tracking links', () => {
  it('numbers only absolute, unpersonalised, non-unsubscribe links, once each', () => {
    expect(extractLinks(html)).toEqual(['https://shop.example/a?x=1&y=2', 'https://shop.example/b']);
    expect(extractLinks('<a href="https://rapport.example/u/abc.def">u</a><a href="https://e.example/unsubscribe?id=1">u</a>')).toEqual([]);
  });

  it('rewrites the campaign links to signed click URLs and adds one open pixel before </body>', () => {
    const links = new Map(extractLinks(html).map((u, i) => [u, i]));
    const out = applyTracking(html, { baseUrl: 'https://r.example', secret: SECRET, workspaceId: 3, campaignId: 7, recipientId: 99, links });
    const clicks = [...out.matchAll(/href="https:\/\/r\.example\/t\/c\/([^"]+)"/g)].map((m) => verifyTracking(SECRET, m[1], 'c'));
    expect(clicks).toEqual([{ k: 'c', w: 3, c: 7, r: 99, p: 0 }, { k: 'c', w: 3, c: 7, r: 99, p: 0 }]);
    expect(out).toMatch(/href='https:\/\/r\.example\/t\/c\/[^']+'>B/);
    expect(out).toContain('href="mailto:hi@example.org"');
    expect(out).toContain('href="{{ unsubscribe_url }}"');
    expect(out).toMatch(/<img src="https:\/\/r\.example\/t\/o\/[^"]+\.gif"[^>]*\/><\/body>/);
    expect(out.match(/\/t\/o\//g)).toHaveLength(1);
  });

  it('rejects every tampered or foreign token (property)', () => {
    const claims = fc.record({ k: fc.constantFrom('o' as const, 'c' as const), w: fc.nat(1e9), c: fc.nat(1e9), r: fc.nat(1e12), p: fc.nat(500) })
      .map((c) => (c.k === 'o' ? { k: c.k, w: c.w, c: c.c, r: c.r } : c));
    fc.assert(fc.property(claims, fc.nat(200), fc.string({ minLength: 1, maxLength: 1 }), (c, at, ch) => {
      const token = signTracking(SECRET, c);
      expect(verifyTracking(SECRET, token, c.k)).toEqual(c);
      expect(verifyTracking(SECRET, token, c.k === 'o' ? 'c' : 'o')).toBeNull();
      expect(verifyTracking('another-secret-of-at-least-thirty-two-chars', token, c.k)).toBeNull();
      const i = at % token.length;
      const tampered = token.slice(0, i) + ch + token.slice(i + 1);
      if (tampered !== token) expect(verifyTracking(SECRET, tampered, c.k)).toBeNull();
    }), { numRuns: 500 });
  });
});
