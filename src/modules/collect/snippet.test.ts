import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { snippetSource } from './snippet.js';

describe('the tracking snippet', () => {
  const source = snippetSource({ key: 'rk_1_AAAAAAAAAAAAAAAAAAAAAA', endpoint: 'https://crm.example/t/collect', honorPrivacySignals: true, requireConsent: true });

  it('is at most 5 KB gzipped', () => {
    expect(gzipSync(source).length).toBeLessThanOrEqual(5 * 1024);
  });

  it('carries the key’s settings as data, escaped for a script context', () => {
    const hostile = snippetSource({ key: 'k', endpoint: 'https://x/</script><script>alert(1)</script>', honorPrivacySignals: false, requireConsent: false });
    expect(hostile).not.toContain('</script>');
    expect(source).toContain('"k":"rk_1_AAAAAAAAAAAAAAAAAAAAAA"');
    expect(() => new Function(source)).not.toThrow();
  });
});
