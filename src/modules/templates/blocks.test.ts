import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMjml, prepareMessage, renderMessage, type RenderData } from '../../mail/render-message.js';
import { blocksToMjml, sanitizeText } from './blocks.js';

const data = (contact: Record<string, unknown>): RenderData => ({
  contact: { email: 'ann@example.test', first_name: null, last_name: null, ...contact }, workspace: { name: 'Acme', postal_address: '1 Main St' },
  unsubscribe_url: 'https://crm.test/u/x', preferences_url: 'https://crm.test/preferences/x',
});

async function send(textHtml: string, contact: Record<string, unknown>) {
  const html = await compileMjml(blocksToMjml({ blocks: [{ type: 'text', html: textHtml }, { type: 'footer' }] }));
  return renderMessage(prepareMessage({ html, subject: 'x' }), data(contact));
}

describe('Liquid inside block-editor text', () => {
  // What a contenteditable hands over: its innerHTML escapes > and & in text, not quotes.
  const typed = '<p>Hi {{ contact.first_name | default: "there" }}!</p><p>{% if contact.visits &gt; 3 %}Welcome back{% else %}Nice to meet you{% endif %}</p>'
    + '<p>{% if contact.visits &lt;= 1 %}First time{% endif %} {{ contact.plan | default: \'free &amp; easy\' }}</p>';

  it('survives sanitising and runs: defaults, comparisons and quoted strings', async () => {
    const fresh = await send(typed, { visits: 1 });
    expect(fresh.html).toContain('Hi there!');
    expect(fresh.html).toContain('Nice to meet you');
    expect(fresh.html).toContain('First time');
    expect(fresh.text).toContain('free & easy');
    const known = await send(typed, { first_name: 'Ann', visits: 9, plan: 'gold' });
    expect(known.html).toContain('Hi Ann!');
    expect(known.html).toContain('Welcome back');
    expect(known.html).not.toContain('First time');
    expect(known.text).toContain('gold');
  });

  it('still removes scripts, handlers and javascript: links around and inside the text', () => {
    const out = sanitizeText('<p onclick="x()">{{ a }} <script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">j</a> {{ "&lt;script&gt;" }}</p>');
    expect(out).toBe('<p>{{ a }} <a>j</a> {{ "&lt;script>" }}</p>');
  });

  const segment = fc.tuple(
    fc.constantFrom('contact.first_name', 'contact.score', 'workspace.name'),
    fc.constantFrom('>', '<', '>=', '<=', '==', '!=', 'contains'),
    fc.string({ maxLength: 12 }).map((s) => s.replace(/["{}%]/g, '')),
  ).chain(([v, op, lit]) => fc.constantFrom(`{% if ${v} ${op} "${lit}" %}yes{% endif %}`, `{{ ${v} | default: "${lit}" }}`, `{{ ${v} | append: "${lit}" }}`));
  const hostile = fc.constantFrom('', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">x</a>', '<style>*{}</style>', '<b>bold</b>', '<iframe src="https://x.test"></iframe>');
  // The browser's serialisation of typed text (innerHTML escapes &, < and > in text nodes).
  const typedAs = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  it('property: any Liquid segment comes out as typed (a tag-opening < aside); no markup gets through', () => {
    fc.assert(fc.property(segment, hostile, hostile, (liquid, before, after) => {
      const out = sanitizeText(`<p>${before}${typedAs(liquid)}${after}</p>`);
      expect(out).toContain(liquid.replace(/<(?=[A-Za-z/!?])/g, '&lt;'));
      expect(out).not.toMatch(/<(script|img|iframe|style)\b|\son\w+=|javascript:/i);
    }), { numRuns: 300 });
  });
});
