import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { startDnsServer } from '../../../test/dns-server.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { openSecret } from '../../lib/secret-box.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let dns: Awaited<ReturnType<typeof startDnsServer>>;
const records = new Map<string, string[]>();
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  dns = await startDnsServer(records);
  t.ctx.config.DNS_RESOLVER = dns.address;
});
afterAll(async () => {
  await dns.close();
  await t.close();
});

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers: { cookie: string } = ws.owner.headers) =>
  t.app.inject({ method, url, payload, headers });
const domainName = () => `mail-${Math.random().toString(36).slice(2, 8)}.example.com`;

describe('sending accounts', () => {
  it('stores the password sealed, never returns it, and keeps it when a change omits it', async () => {
    const res = await call('POST', '/api/v1/sending/accounts', { name: 'Relay', host: 'smtp.relay.example', port: 587, username: 'u', password: 's3cret' });
    expect(res.statusCode).toBe(201);
    const account = res.json();
    expect(account).toMatchObject({ name: 'Relay', security: 'starttls', hasPassword: true, maxPerSecond: 50, weight: 1, enabled: true });
    expect(JSON.stringify(account)).not.toContain('s3cret');
    const row = await t.ctx.db.selectFrom('sending_accounts').select('password_encrypted').where('id', '=', account.id).executeTakeFirstOrThrow();
    expect(row.password_encrypted).not.toContain('s3cret');
    expect(openSecret(t.ctx.secret, 'smtp-password', row.password_encrypted!)).toBe('s3cret');
    const patched = await call('PATCH', `/api/v1/sending/accounts/${account.id}`, { maxPerSecond: 10 });
    expect(patched.json()).toMatchObject({ maxPerSecond: 10, hasPassword: true });
    expect((await call('PATCH', `/api/v1/sending/accounts/${account.id}`, { password: null })).json().hasPassword).toBe(false);
    expect((await call('GET', '/api/v1/sending/accounts')).json().data.map((a: { id: number }) => a.id)).toContain(account.id);
    expect((await call('DELETE', `/api/v1/sending/accounts/${account.id}`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/v1/sending/accounts/${account.id}`)).statusCode).toBe(404);
  });

  it('refuses bad input naming the field, and agency users', async () => {
    const fields = async (body: object) => (await call('POST', '/api/v1/sending/accounts', body)).json().error.details.fields.map((f: { path: string }) => f.path);
    expect(await fields({ name: 'x', host: 'bad host!', port: 25 })).toEqual(['host']);
    expect(await fields({ name: 'x', host: 'a.example', port: 70000 })).toEqual(['port']);
    expect(await fields({ name: 'x', host: 'a.example', port: 25, security: 'ssl' })).toEqual(['security']);
    const agency = await ws.as('agency');
    expect((await call('GET', '/api/v1/sending/accounts', undefined, agency.headers)).statusCode).toBe(403);
    expect((await call('POST', '/api/v1/sending/domains', { domain: 'a.example' }, agency.headers)).statusCode).toBe(403);
  });
});

describe('sending domains', () => {
  it('generates a DKIM key pair, shows the exact records, and verifies them over DNS record by record', async () => {
    await call('POST', '/api/v1/sending/accounts', { name: 'Relay', host: 'smtp.relay.example', port: 587 });
    const name = domainName();
    const res = await call('POST', '/api/v1/sending/domains', { domain: name.toUpperCase(), selector: 'rp1' });
    expect(res.statusCode).toBe(201);
    const domain = res.json();
    expect(domain).toMatchObject({ domain: name, dkimSelector: 'rp1', verified: false });
    const byKind = Object.fromEntries(domain.records.map((r: { kind: string; name: string; value: string }) => [r.kind, r]));
    expect(byKind.dkim.name).toBe(`rp1._domainkey.${name}`);
    expect(byKind.dkim.value).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{380,}$/);
    expect(byKind.spf).toMatchObject({ name, value: 'v=spf1 a:smtp.relay.example ~all' });
    expect(byKind.dmarc.name).toBe(`_dmarc.${name}`);
    const sealed = await t.ctx.db.selectFrom('sending_domains').select('dkim_private_key_encrypted').where('id', '=', domain.id).executeTakeFirstOrThrow();
    expect(openSecret(t.ctx.secret, 'dkim-private-key', sealed.dkim_private_key_encrypted)).toContain('BEGIN PRIVATE KEY');
    expect((await call('POST', '/api/v1/sending/domains', { domain: name })).statusCode).toBe(409);

    // Only SPF published, and a DMARC record with a bad policy.
    records.set(name, ['google-site-verification=abc', byKind.spf.value]);
    records.set(`_dmarc.${name}`, ['v=DMARC1; p=maybe']);
    const partial = (await call('POST', `/api/v1/sending/domains/${domain.id}/check`)).json();
    const checks = Object.fromEntries(partial.records.map((r: { kind: string; check: object }) => [r.kind, r.check]));
    expect(partial.verified).toBe(false);
    expect(checks.spf).toMatchObject({ ok: true });
    expect(checks.dkim).toMatchObject({ ok: false, error: 'no TXT record found' });
    expect(checks.dmarc).toMatchObject({ ok: false, found: ['v=DMARC1; p=maybe'] });

    records.set(byKind.dkim.name, [byKind.dkim.value]);
    records.set(`_dmarc.${name}`, [byKind.dmarc.value]);
    const verified = (await call('POST', `/api/v1/sending/domains/${domain.id}/check`)).json();
    expect(verified.records.map((r: { check: { ok: boolean } }) => r.check.ok)).toEqual([true, true, true]);
    expect(verified.verified).toBe(true);

    // A campaign author lists domains to pick a from-address; an agency user may, and sees no key.
    const agency = await ws.as('agency');
    const listed = (await call('GET', '/api/v1/sending/domains', undefined, agency.headers)).json();
    expect(listed.data.find((d: { id: number }) => d.id === domain.id)).toMatchObject({ verified: true });
    expect(JSON.stringify(listed)).not.toContain('PRIVATE');
    expect((await call('DELETE', `/api/v1/sending/domains/${domain.id}`)).statusCode).toBe(204);
  });

  it('reports two SPF records as a failure and refuses a malformed domain', async () => {
    const name = domainName();
    const domain = (await call('POST', '/api/v1/sending/domains', { domain: name })).json();
    expect(domain.dkimSelector).toMatch(/^rapport\d{6}$/);
    records.set(name, ['v=spf1 mx ~all', 'v=spf1 a ~all']);
    const checked = (await call('POST', `/api/v1/sending/domains/${domain.id}/check`)).json();
    expect(checked.records.find((r: { kind: string }) => r.kind === 'spf').check.error).toMatch(/more than one/);
    const bad = await call('POST', '/api/v1/sending/domains', { domain: 'not a domain' });
    expect(bad.json().error.details.fields[0].path).toBe('domain');
  });
});
