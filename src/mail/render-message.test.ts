import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/app-error.js';
import { compileMjml, prepareMessage, renderMessage, type RenderData } from './render-message.js';

const MJML = `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text><h1>Hello {{ contact.first_name | default: "there" }}</h1>
          <p>From {{ workspace.name }} to {{ contact.company.name }} ({{ contact.plan }})</p></mj-text>
        <mj-button href="{{ unsubscribe_url }}">Unsubscribe</mj-button>
        <mj-image src="https://img.example/logo.png" alt="Logo" />
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

function data(overrides: Partial<RenderData['contact']> = {}): RenderData {
  return {
    contact: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', plan: 'gold', company: { name: 'Acme' }, ...overrides },
    workspace: { name: 'Rapport & Co', postal_address: '1 Main St' },
    unsubscribe_url: 'https://r.example/u?t=a&b=c',
    preferences_url: 'https://r.example/p',
    campaign: { name: 'Spring' },
  };
}

async function expectInvalid(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(() => expect.unreachable(), (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('VALIDATION');
  return err as AppError;
}

describe('render-message', () => {
  it('compiles MJML once and personalises subject, preheader, HTML and text per recipient', async () => {
    const html = await compileMjml(MJML);
    const prepared = prepareMessage({ html, subject: 'News for {{ contact.first_name }}', preheader: 'Hi {{ contact.first_name }}' });
    const out = await renderMessage(prepared, data());
    expect(out.subject).toBe('News for Ada');
    expect(out.html).toContain('Hello Ada');
    expect(out.html).toContain('From Rapport &amp; Co to Acme (gold)');
    expect(out.html).toContain('href="https://r.example/u?t=a&amp;b=c"');
    expect(out.html).toMatch(/<body[^>]*><div style="display:none;[^"]*">Hi Ada<\/div>/);
    expect(out.text).toContain('Hello Ada');
    expect(out.text).toContain('From Rapport & Co to Acme (gold)');
    expect(out.text).toContain('Unsubscribe [https://r.example/u?t=a&b=c]');
    expect(out.text).not.toContain('<');
    expect(out.text).not.toContain('Hi Ada');
  });

  it('falls back on a missing variable and escapes markup from merge fields in the HTML only', async () => {
    const prepared = prepareMessage({ html: await compileMjml(MJML), subject: 'For {{ contact.first_name }}\r\nBcc: x@y' });
    const out = await renderMessage(prepared, data({ first_name: null, company: null, plan: '<b>x</b>' }));
    expect(out.html).toContain('Hello there');
    expect(out.html).toContain('(&lt;b&gt;x&lt;/b&gt;)');
    expect(out.text).toContain('(<b>x</b>)');
    expect(out.subject).toBe('For Bcc: x@y');
  });

  it('refuses invalid MJML with the line and the parser message, and never names a server path', async () => {
    const err = await expectInvalid(compileMjml('<mjml><mj-body>\n<mj-section>\n<mj-column><mj-foo>x</mj-foo></mj-column></mj-section></mj-body></mjml>'));
    expect(err.details?.line).toBe(3);
    expect(err.message).toMatch(/^mjml: line 3: Element mj-foo doesn't exist/);
    expect(err.message).not.toContain(process.cwd());
    await expectInvalid(compileMjml('<p>not mjml</p>'));
    await expectInvalid(compileMjml(`<mjml><mj-body>${'x'.repeat(500_001)}</mj-body></mjml>`));
  });

  it('does not read files through mj-include', async () => {
    const html = await compileMjml('<mjml><mj-body><mj-include path="/etc/passwd" /></mj-body></mjml>').catch(() => '');
    expect(html).not.toContain('root:');
  });

  it('refuses invalid Liquid with the field and the line', () => {
    try {
      prepareMessage({ html: '<p>ok</p>\n<p>{% if x %}</p>', subject: 'ok' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).message).toMatch(/^html: line 2: /);
    }
    expect(() => prepareMessage({ html: '<p/>', subject: '{{ a | nosuchfilter }}' })).toThrow(/^subject: /);
  });
});
