import { describe, expect, it } from 'vitest';
import { markdownToSafeHtml } from './markdown.js';

describe('markdownToSafeHtml', () => {
  it('renders formatting, lists and links', () => {
    const html = markdownToSafeHtml('**Call** Ada _today_\n\n- one\n- two\n\n[site](https://example.com)');
    expect(html).toContain('<strong>Call</strong>');
    expect(html).toContain('<em>today</em>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank">site</a>');
  });

  it('keeps no script, handler, style or script URL', () => {
    const html = markdownToSafeHtml('<script>alert(1)</script><img src=x onerror=alert(1)> <b style="color:red" onclick="x()">b</b> <iframe src="https://evil.example"></iframe>');
    expect(html).not.toMatch(/script|onerror|onclick|style=|iframe|<img/i);
    expect(markdownToSafeHtml('[x](javascript:alert(1))')).not.toContain('href="javascript');
  });
});
