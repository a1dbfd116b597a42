import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { ROLE_DESCRIPTIONS } from '../auth/role-descriptions.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx, 'Invites');
});
afterAll(async () => t.close());

const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, headers: object, payload?: object) => {
  const res = await t.app.inject({ method, url, headers: headers as Record<string, string>, payload });
  return { status: res.statusCode, body: res.json() };
};
const tokenOf = (link: string) => encodeURIComponent(decodeURIComponent(link.split('/invite/')[1]));

describe('pending invites', () => {
  it('are listed, resent with a new link (the old one dies) and revoked', async () => {
    const h = ws.owner.headers;
    const first = (await call('POST', '/api/v1/users/invites', h, { email: 'pending@invites.example', role: 'sales' })).body;
    const list = (await call('GET', '/api/v1/users/invites', h)).body;
    expect(list.data).toMatchObject([{ id: first.invite.id, email: 'pending@invites.example', role: 'sales', invitedBy: 'owner user', expired: false }]);

    const resent = (await call('POST', `/api/v1/users/invites/${first.invite.id}/resend`, h)).body;
    expect(resent.link).not.toBe(first.link);
    expect((await call('GET', `/api/v1/invites/${tokenOf(first.link)}`, {})).status).toBe(404);
    expect((await call('GET', `/api/v1/invites/${tokenOf(resent.link)}`, {})).body).toMatchObject({ email: 'pending@invites.example', existingAccount: false });

    expect((await call('DELETE', `/api/v1/users/invites/${first.invite.id}`, h)).status).toBe(200);
    expect((await call('GET', '/api/v1/users/invites', h)).body.data).toEqual([]);
    const dead = await call('GET', `/api/v1/invites/${tokenOf(resent.link)}`, {});
    expect(dead.body.error.details.fields[0]).toMatchObject({ path: 'token', message: 'this invite was revoked' });
    expect((await call('DELETE', `/api/v1/users/invites/${first.invite.id}`, h)).status).toBe(404);
    const audit = (await call('GET', '/api/v1/audit-log?entity=invite', h)).body.data.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['create', 'resend', 'revoke']));
  });

  it('are managed only with users:manage, and an owner invite only by an owner', async () => {
    const owner = (await call('POST', '/api/v1/users/invites', ws.owner.headers, { email: 'owner2@invites.example', role: 'owner' })).body;
    const admin = (await ws.as('admin')).headers;
    expect((await call('DELETE', `/api/v1/users/invites/${owner.invite.id}`, admin)).status).toBe(400);
    expect((await call('GET', '/api/v1/users/invites', (await ws.as('sales')).headers)).status).toBe(403);
    const other = await newWorkspace(t.ctx, 'Other');
    expect((await call('POST', `/api/v1/users/invites/${owner.invite.id}/resend`, other.owner.headers)).status).toBe(404);
  });

  it('lists every role with its one-line description', async () => {
    const roles = (await call('GET', '/api/v1/roles', (await ws.as('agency')).headers)).body.data;
    expect(roles).toHaveLength(6);
    expect(roles[0]).toEqual({ role: 'owner', description: ROLE_DESCRIPTIONS.owner });
  });
});
