import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { makePipeline } from '../deals/deals.fixtures.js';
import { insertAudit } from './audit.repo.js';
import { snapshotName } from './audit.service.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
type Entry = { entity: string; entityId: number; entityName: string | null; action: string };
const log = async (query: string, headers = ws.owner.headers) => (await call('GET', `/api/v1/audit-log?${query}`, undefined, headers)).json().data as Entry[];

describe('audit log names its records', () => {
  it('shows the name a record had when each entry was written, not its id', async () => {
    const pipeline = await makePipeline(t.app, ws.owner.headers);
    const deal = (await call('POST', '/api/v1/deals', { title: 'Acme renewal', value: 100, currency: 'EUR', pipelineId: pipeline.id })).json();
    await call('PATCH', `/api/v1/deals/${deal.id}`, { title: 'Acme renewal 2027' });
    const entries = await log(`entity=deal&entityId=${deal.id}`);
    expect(entries.map((e) => [e.action, e.entityName])).toEqual([['update', 'Acme renewal 2027'], ['create', 'Acme renewal']]);

    const contact = (await call('POST', '/api/v1/contacts', { firstName: 'Grace', lastName: 'Hopper' })).json();
    await call('DELETE', `/api/v1/contacts/${contact.id}`);
    expect((await log(`entity=contact&entityId=${contact.id}`)).map((e) => [e.action, e.entityName])).toEqual([['delete', 'Grace Hopper'], ['create', 'Grace Hopper']]);
  });

  it('looks up today’s name for entries that recorded none, only within the workspace', async () => {
    const company = (await call('POST', '/api/v1/companies', { name: 'Initech' })).json();
    await insertAudit(t.ctx.db, ws.owner.actor, { entity: 'company', entityId: company.id, action: 'tag', after: { tags: ['key'] } });
    expect((await log(`entity=company&entityId=${company.id}`))[0]).toMatchObject({ action: 'tag', entityName: 'Initech' });

    const other = await newWorkspace(t.ctx);
    await insertAudit(t.ctx.db, other.owner.actor, { entity: 'company', entityId: company.id, action: 'tag' });
    expect((await log(`entity=company&entityId=${company.id}`, other.owner.headers))[0]).toMatchObject({ action: 'tag', entityName: null });
    await insertAudit(t.ctx.db, ws.owner.actor, { entity: 'user', entityId: ws.owner.actor.userId, action: 'update', after: { role: 'admin' } });
    expect((await log('entity=user'))[0].entityName).toBeTruthy();
  });

  it('takes the name from a snapshot: title, name, a person’s names, label, subject or email', () => {
    expect(snapshotName(null, { title: 'Deal', name: 'x' })).toBe('Deal');
    expect(snapshotName({ firstName: 'Ada', lastName: 'Lovelace' }, null)).toBe('Ada Lovelace');
    expect(snapshotName({ name: 'Old' }, { tags: [] })).toBe('Old');
    expect(snapshotName(null, { email: 'a@example.com' })).toBe('a@example.com');
    expect(snapshotName([1], 'text')).toBeNull();
  });
});
