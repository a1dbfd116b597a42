import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../test/factories.js';
import type { Config } from '../config/config.js';
import { upload } from '../modules/imports/testing.js';
import { buildApp } from './app.js';
import type { App } from './types.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
const extraApps: App[] = [];
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => {
  for (const app of extraApps) await app.close();
  await t.close();
});

/** The same database behind an app with other settings (TRUST_PROXY, PUBLIC_URL). */
async function appWith(config: Partial<Config>): Promise<App> {
  const app = await buildApp({ ...t.ctx, config: { ...t.ctx.config, ...config } });
  await app.ready();
  extraApps.push(app);
  return app;
}

const HOST = 'crm.example.com';
const contact = { firstName: 'Csrf', lastName: 'Probe' };

describe('CSRF: cookie-authenticated changes must come from the app origin', () => {
  it('refuses a multipart import posted from another site with the session cookie, with 403 CROSS_ORIGIN', async () => {
    const res = await upload(t.app, { ...ws.owner.headers, host: HOST, origin: 'http://evil.example' }, 'Email\na@b.test\n');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CROSS_ORIGIN');
    expect(res.json().error.message).toContain('http://evil.example');
    const same = await upload(t.app, { ...ws.owner.headers, host: HOST, origin: `http://${HOST}` }, 'Email\na@b.test\n');
    expect(same.statusCode).toBe(201);
  });

  it('checks every state-changing method, trusts Sec-Fetch-Site: same-origin, and leaves reads alone', async () => {
    const evil = { ...ws.owner.headers, host: HOST, origin: 'https://evil.example' };
    const created = (await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: ws.owner.headers, payload: contact })).json();
    for (const [method, url] of [['POST', '/api/v1/contacts'], ['PATCH', `/api/v1/contacts/${created.id}`], ['DELETE', `/api/v1/contacts/${created.id}`]] as const) {
      const res = await t.app.inject({ method, url, headers: evil, payload: method === 'DELETE' ? undefined : contact });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    // "null" (sandboxed frames) and a same-site sibling are not our origin either.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...evil, origin: 'null' }, payload: contact })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...ws.owner.headers, host: HOST, origin: `http://sub.${HOST}` }, payload: contact })).statusCode).toBe(403);
    // Without Origin, the browser's Sec-Fetch-Site decides; then the Referer.
    const noOrigin = { ...ws.owner.headers, host: HOST };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...noOrigin, 'sec-fetch-site': 'cross-site' }, payload: contact })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...noOrigin, 'sec-fetch-site': 'same-origin' }, payload: contact })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...noOrigin, referer: 'http://evil.example/page' }, payload: contact })).statusCode).toBe(403);
    // A client that is no browser (no Origin, no Sec-Fetch-Site) cannot be forged cross-site.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: noOrigin, payload: contact })).statusCode).toBe(201);
    expect((await t.app.inject({ url: '/api/v1/contacts', headers: evil })).statusCode).toBe(200);
  });

  it('exempts API keys, and guards the routes that set the session cookie (login CSRF)', async () => {
    const key = await ws.apiKey('admin');
    const byKey = await upload(t.app, { authorization: `Bearer ${key}`, host: HOST, origin: 'http://evil.example' }, 'Email\nk@b.test\n');
    expect(byKey.statusCode).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { host: HOST, origin: 'http://evil.example' }, payload: { email: ws.owner.email, password: 'correct horse battery' } });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe('CROSS_ORIGIN');
    // A public route other sites may post to stays open, even when the browser sends the cookie along.
    const app = await buildApp(t.ctx);
    extraApps.push(app);
    app.post('/api/v1/public-probe', { config: { public: true } }, async () => ({ ok: true }));
    await app.ready();
    const probe = await app.inject({ method: 'POST', url: '/api/v1/public-probe', headers: { ...ws.owner.headers, host: HOST, origin: 'https://shop.example' } });
    expect(probe.statusCode).toBe(200);
  });

  it('takes the origin from PUBLIC_URL when set, and from X-Forwarded-Host/-Proto only with TRUST_PROXY', async () => {
    const forwarded = { ...ws.owner.headers, host: 'internal:8080', 'x-forwarded-host': HOST, 'x-forwarded-proto': 'https', origin: `https://${HOST}` };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: forwarded, payload: contact })).statusCode).toBe(403);
    const proxied = await appWith({ TRUST_PROXY: true });
    expect((await proxied.inject({ method: 'POST', url: '/api/v1/contacts', headers: forwarded, payload: contact })).statusCode).toBe(201);
    const pinned = await appWith({ PUBLIC_URL: `https://${HOST}` });
    expect((await pinned.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...ws.owner.headers, host: 'anything', origin: `https://${HOST}` }, payload: contact })).statusCode).toBe(201);
    expect((await pinned.inject({ method: 'POST', url: '/api/v1/contacts', headers: { ...ws.owner.headers, host: 'evil.example', origin: 'https://evil.example' }, payload: contact })).statusCode).toBe(403);
  });
});

describe('links and cookies', () => {
  const invite = (app: App, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/v1/users/invites', headers: { ...ws.owner.headers, ...headers }, payload: { email: `inv-${Math.random().toString(36).slice(2, 8)}@example.com`, role: 'sales' } });

  it('builds invite links from PUBLIC_URL, else the Host header; X-Forwarded-Host only with TRUST_PROXY', async () => {
    const spoofed = { host: HOST, 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
    expect((await invite(t.app, spoofed)).json().link).toMatch(new RegExp(`^http://${HOST}/invite/`));
    expect((await invite(await appWith({ TRUST_PROXY: true }), spoofed)).json().link).toMatch(/^https:\/\/evil\.example\/invite\//);
    expect((await invite(await appWith({ PUBLIC_URL: 'https://rapport.example.org' }), spoofed)).json().link).toMatch(/^https:\/\/rapport\.example\.org\/invite\//);
  });

  it('marks the invite-accept and login cookies Secure when served over https, and only then', async () => {
    const accept = async (app: App, headers: Record<string, string>) => {
      const link = (await invite(app, {})).json().link as string;
      const token = decodeURIComponent(link.split('/invite/')[1]!);
      const res = await app.inject({ method: 'POST', url: '/api/v1/invites/accept', headers, payload: { token, name: 'New', password: 'a good long password' } });
      expect(res.statusCode).toBe(201);
      return String(res.headers['set-cookie']);
    };
    expect(await accept(t.app, { 'x-forwarded-proto': 'https' })).not.toMatch(/;\s*Secure/i);
    expect(await accept(await appWith({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1'.split(', ') }), { 'x-forwarded-proto': 'https' })).toMatch(/;\s*Secure/i);
    const https = await appWith({ PUBLIC_URL: 'https://rapport.example.org' });
    expect(await accept(https, {})).toMatch(/rapport_session=[^;]+;.*Secure/i);
    const login = await https.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ws.owner.email, password: 'correct horse battery' } });
    expect(String(login.headers['set-cookie'])).toMatch(/;\s*Secure/i);
  });
});

describe('security headers', () => {
  it('sends CSP, X-Frame-Options, nosniff and Referrer-Policy on API responses too', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined(); // plain http here
    const docs = await t.app.inject({ url: '/api/docs/static/index.html' });
    expect(docs.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('sends on /api/v1/ (constant headers, helmet skipped) exactly what helmet sends elsewhere, with a fresh style nonce', async () => {
    const security = (h: Record<string, unknown>) => {
      const { date: _d, 'content-type': _t, 'content-length': _l, connection: _c, ...rest } = h;
      return { ...rest, 'content-security-policy': String(rest['content-security-policy']).replace(/'nonce-[^']+'/, "'nonce-N'") };
    };
    for (const app of [t.app, await appWith({ PUBLIC_URL: 'https://crm.example.com' })]) {
      const helmet = security((await app.inject({ url: '/healthz' })).headers);
      expect(helmet['content-security-policy']).toContain("style-src 'self' 'nonce-N'");
      const ok = await app.inject({ url: '/api/v1/contacts?limit=1', headers: ws.owner.headers });
      const again = await app.inject({ url: '/api/v1/contacts?limit=1', headers: ws.owner.headers });
      const refused = await app.inject({ url: '/api/v1/contacts', headers: { authorization: 'Bearer rk_wrong' } });
      expect([ok.statusCode, refused.statusCode]).toEqual([200, 401]);
      for (const res of [ok, refused]) expect(security(res.headers)).toEqual(helmet);
      expect(ok.headers['content-security-policy']).not.toBe(again.headers['content-security-policy']);
    }
    // Routes with their own helmet options keep them.
    const preview = await t.app.inject({ url: '/api/v1/templates/previews/unknown', headers: ws.owner.headers });
    expect(preview.headers['x-frame-options']).toBeUndefined();
  });

  it('lets a route open frame-ancestors to other sites with framableBy()', async () => {
    const { framableBy } = await import('./security-headers.js');
    const app = await buildApp(t.ctx);
    extraApps.push(app);
    app.get('/embed-probe', { helmet: framableBy(t.ctx.config, ['https://shop.example']) }, async () => 'ok');
    await app.ready();
    const res = await app.inject({ url: '/embed-probe' });
    expect(res.headers['content-security-policy']).toContain('frame-ancestors https://shop.example');
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect((await app.inject({ url: '/healthz' })).headers['x-frame-options']).toBe('DENY');
  });
});
