import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, PASSWORD } from '../../../test/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('auth routes', () => {
  it('answers /healthz once migrated', async () => {
    const res = await t.app.inject({ url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('rejects API calls without credentials with a clear 401', async () => {
    const res = await t.app.inject({ url: '/api/v1/users' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('logs in with a password, sets an httpOnly cookie and reports permissions', async () => {
    const ws = await newWorkspace(t.ctx);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ws.owner.email, password: 'wrong password' } });
    expect(bad.statusCode).toBe(401);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: ws.owner.email.toUpperCase(), password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/rapport_session=[^;]+;.*HttpOnly/i);
    const cookie = setCookie.split(';')[0];
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.json().user.email).toBe(ws.owner.email);
    expect(me.json().permissions).toContain('audit:read');
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('accepts API keys as Bearer tokens with the key role, and refuses revoked keys', async () => {
    const ws = await newWorkspace(t.ctx);
    const marketingKey = await ws.apiKey('marketing');
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${marketingKey}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().permissions).not.toContain('notes:read');
    const audit = await t.app.inject({ url: '/api/v1/audit-log', headers: { authorization: `Bearer ${marketingKey}` } });
    expect(audit.statusCode).toBe(403);
    const keys = await t.app.inject({ url: '/api/v1/api-keys', headers: ws.owner.headers });
    const id = keys.json().data.find((k: { role: string }) => k.role === 'marketing').id;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/api-keys/${id}`, headers: ws.owner.headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${marketingKey}` } })).statusCode).toBe(401);
  });

  it('invites a user by a signed link that works once and cannot be forged', async () => {
    const ws = await newWorkspace(t.ctx);
    const unique = Date.now().toString(36); // a shared PostgreSQL keeps users of earlier runs
    const inv = await t.app.inject({ method: 'POST', url: '/api/v1/users/invites', headers: ws.owner.headers, payload: { email: `New.Person.${unique}@Example.com`, role: 'support' } });
    expect(inv.statusCode).toBe(201);
    const token = decodeURIComponent(inv.json().link.split('/invite/')[1]);
    const forged = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    expect((await t.app.inject({ url: `/api/v1/invites/${encodeURIComponent(forged)}` })).statusCode).toBe(404);
    const info = await t.app.inject({ url: `/api/v1/invites/${encodeURIComponent(token)}` });
    expect(info.json()).toMatchObject({ email: `new.person.${unique}@example.com`, role: 'support' });
    const accept = await t.app.inject({ method: 'POST', url: '/api/v1/invites/accept', payload: { token, name: 'New Person', password: 'a good password' } });
    expect(accept.statusCode).toBe(201);
    expect(accept.json().user.role).toBe('support');
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/invites/accept', payload: { token, name: 'X', password: 'a good password' } });
    expect(again.statusCode).toBe(409);
  });

  it('names the field in validation errors', async () => {
    const ws = await newWorkspace(t.ctx);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/users/invites', headers: ws.owner.headers, payload: { email: 'not-an-email', role: 'king' } });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'role']));
  });

  it('answers a tampered cursor with a 400 naming the cursor on every keyset list', async () => {
    const ws = await newWorkspace(t.ctx);
    const forged = Buffer.from(JSON.stringify(['not-an-id'])).toString('base64url');
    for (const url of ['/api/v1/users', '/api/v1/audit-log', '/api/v1/imports', '/api/v1/segments', '/api/v1/lists', '/api/v1/notifications']) {
      const res = await t.app.inject({ url: `${url}?cursor=${forged}`, headers: ws.owner.headers });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.details.fields[0].path, url).toBe('cursor');
    }
  });

  it('keeps at least one active owner', async () => {
    const ws = await newWorkspace(t.ctx);
    const res = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${ws.owner.actor.userId}`, headers: ws.owner.headers, payload: { role: 'admin' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].path).toBe('role');
  });
});
