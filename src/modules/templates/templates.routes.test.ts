import { dkimVerify } from 'mailauth';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { startSmtpSink } from '../../../test/smtp-sink.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  sink = await startSmtpSink();
  t = await createTestApp();
  ws = await newWorkspace(t.ctx, 'Acme & Sons');
}, 300_000);
afterAll(async () => {
  await sink.close();
  await t?.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, payload?: object, headers: { cookie: string } = ws.owner.headers) =>
  t.app.inject({ method, url, payload, headers });
const MJML = (body: string) => `<mjml><mj-body><mj-section><mj-column><mj-text>${body}</mj-text></mj-column></mj-section></mj-body></mjml>`;

describe('templates', () => {
  it('offers at least six starters, each a valid template with an unsubscribe link and a postal address', async () => {
    const starters = (await call('GET', '/api/v1/templates/starters')).json().data;
    expect(starters.map((s: { key: string }) => s.key)).toEqual(['newsletter', 'announcement', 'promotion', 'welcome', 'event', 'plain']);
    for (const s of starters) {
      const res = await call('POST', '/api/v1/templates', { name: s.name, starter: s.key });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ starter: s.key, subject: s.subject, warnings: [] });
      expect(res.json().blocks.blocks.length).toBeGreaterThan(1);
    }
  });

  it('refuses invalid MJML and Liquid with the field and the line, and saves nothing', async () => {
    const before = (await call('GET', '/api/v1/templates?limit=100')).json().data.length;
    const bad = await call('POST', '/api/v1/templates', { name: 'Bad', mjml: '<mjml><mj-body>\n<mj-section>\n<mj-colum></mj-colum></mj-section></mj-body></mjml>' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/^mjml: line 3: /);
    const liquid = await call('POST', '/api/v1/templates', { name: 'Bad', mjml: MJML('ok'), subject: 'Hi {{ contact.first_name | nope }}' });
    expect(liquid.json().error.details.fields[0].path).toBe('subject');
    const unclosed = await call('POST', '/api/v1/templates', { name: 'Bad', mjml: `<mjml><mj-body>\n<mj-section><mj-column><mj-text>\n{% if x %}</mj-text></mj-column></mj-section></mj-body></mjml>` });
    expect(unclosed.json().error.message).toMatch(/^mjml: line 3: /);
    const blocks = await call('POST', '/api/v1/templates', { name: 'Bad', blocks: { blocks: [{ type: 'button', label: 'x', href: 'javascript:alert(1)' }] } });
    expect(blocks.json().error.details.fields[0].path).toBe('blocks.blocks.0.href');
    expect((await call('GET', '/api/v1/templates?limit=100')).json().data.length).toBe(before);
  });

  it('saves blocks as MJML, warns on a missing unsubscribe link, and drops blocks on a code edit', async () => {
    const created = (await call('POST', '/api/v1/templates', { name: 'Blocks', blocks: { blocks: [{ type: 'text', html: '<p>Hello <script>x</script>{{ contact.first_name }}</p>' }] } })).json();
    expect(created.mjml).toContain('<mj-text align="left"><p>Hello {{ contact.first_name }}</p></mj-text>');
    expect(created.warnings).toHaveLength(2);
    const edited = (await call('PATCH', `/api/v1/templates/${created.id}`, { mjml: MJML('<a href="{{ unsubscribe_url }}">u</a> {{ workspace.postal_address }}') })).json();
    expect(edited).toMatchObject({ blocks: null, warnings: [] });
    expect((await call('PATCH', `/api/v1/templates/${created.id}`, { mjml: MJML('{% endif %}') })).statusCode).toBe(400);
    expect((await call('GET', `/api/v1/templates/${created.id}`)).json().mjml).toContain('unsubscribe_url');
    expect((await call('DELETE', `/api/v1/templates/${created.id}`)).statusCode).toBe(204);
  });

  it('previews personalised for a contact, with a plain-text part', async () => {
    expect((await call('PUT', '/api/v1/sending/postal-address', { postalAddress: '1 Main St, Springfield' })).json()).toEqual({ postalAddress: '1 Main St, Springfield' });
    const contact = (await call('POST', '/api/v1/contacts', { firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' })).json();
    const mjml = MJML('<h2>Hi {{ contact.first_name | default: "there" }}</h2><p>{{ workspace.name }}, {{ workspace.postal_address }}</p>');
    const sample = (await call('POST', '/api/v1/templates/preview', { mjml, subject: 'For {{ contact.first_name }}' })).json();
    expect(sample.subject).toBe('For Ada');
    const res = (await call('POST', '/api/v1/templates/preview', { mjml, subject: 'For {{ contact.first_name }}', preheader: 'Psst', contactId: contact.id })).json();
    expect(res.subject).toBe('For Grace');
    expect(res.html).toContain('Hi Grace');
    expect(res.html).toContain('Acme &amp; Sons, 1 Main St, Springfield');
    expect(res.text).toContain('Hi Grace');
    expect(res.text).toContain('Acme & Sons, 1 Main St, Springfield');
    expect(res.sizeBytes).toBeGreaterThan(1000);
    const frame = await t.app.inject({ method: 'GET', url: res.url, headers: ws.owner.headers });
    expect(frame.body).toBe(res.html);
    expect(frame.headers['content-security-policy']).toContain("style-src 'unsafe-inline'");
    expect(frame.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    const other = await newWorkspace(t.ctx);
    expect((await t.app.inject({ method: 'GET', url: res.url, headers: other.owner.headers })).statusCode).toBe(404);
  });

  it('sends a test through the sending account, DKIM-signed by the from-domain', async () => {
    const port = sink.port;
    await call('POST', '/api/v1/sending/accounts', { name: 'Sink', host: '127.0.0.1', port, security: 'none' });
    const domain = (await call('POST', '/api/v1/sending/domains', { domain: 'news.acme.example', selector: 'rp1' })).json();
    const dkimRecord = domain.records.find((r: { kind: string }) => r.kind === 'dkim');
    const template = (await call('POST', '/api/v1/templates', { name: 'Test me', starter: 'welcome' })).json();
    const agency = await ws.as('agency');
    const res = await call('POST', `/api/v1/templates/${template.id}/test`, { to: ['qa@example.org'], fromName: 'Acme', fromEmail: 'hello@news.acme.example' }, agency.headers);
    expect(res.json()).toMatchObject({ sent: 1, dkim: true });
    const raw = sink.messages.at(-1)!.raw;
    const mail = await PostalMime.parse(raw);
    expect(mail.subject).toBe('[Test] Welcome to Acme & Sons');
    expect(mail.html).toContain('Hi Ada');
    expect(mail.text).toContain('Hi Ada');
    const verified = await dkimVerify(raw, { resolver: async (name: string) => (name === dkimRecord.name ? [[dkimRecord.value]] : []) });
    expect(verified.results[0]?.status.result).toBe('pass');
    const refused = await call('POST', `/api/v1/templates/${template.id}/test`, { to: Array(6).fill('a@example.org'), fromEmail: 'x@news.acme.example' });
    expect(refused.json().error.details.fields[0].path).toBe('to');
  });
});
