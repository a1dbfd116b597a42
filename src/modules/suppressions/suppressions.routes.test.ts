import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { eligibleRecipients } from '../audience/send-guard.js';
import { multipart } from '../imports/testing.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
const importCsv = (csv: string) => {
  const body = multipart([{ name: 'file', filename: 'suppressions.csv', content: csv }]);
  return t.app.inject({ method: 'POST', url: '/api/v1/suppressions/import', payload: body.payload, headers: { ...ws.owner.headers, ...body.headers } });
};

describe('suppression list', () => {
  it('adds, lists, searches, pages and lifts suppressions, auditing each', async () => {
    const added = await call('POST', '/api/v1/suppressions', { email: 'Manual@Example.org', note: 'asked by phone' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ email: 'manual@example.org', reason: 'manual', note: 'asked by phone' });
    expect((await call('POST', '/api/v1/suppressions', { email: 'manual@example.org' })).statusCode).toBe(409);
    expect((await call('POST', '/api/v1/suppressions', { email: 'not-an-email' })).json().error.details.fields[0].path).toBe('email');
    expect((await call('POST', '/api/v1/suppressions', { email: 'x@example.org', reason: 'erased' })).json().error.details.fields[0].path).toBe('reason');
    for (let i = 0; i < 3; i++) await call('POST', '/api/v1/suppressions', { email: `page${i}@example.org`, reason: 'complaint' });
    const first = (await call('GET', '/api/v1/suppressions?limit=2')).json();
    expect(first.data).toHaveLength(2);
    const second = (await call('GET', `/api/v1/suppressions?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.data.map((s: { id: number }) => s.id).every((id: number) => id < first.data[1].id)).toBe(true);
    expect((await call('GET', '/api/v1/suppressions?q=manual')).json().data).toHaveLength(1);
    expect((await call('DELETE', `/api/v1/suppressions/${added.json().id}`)).statusCode).toBe(204);
    expect((await call('GET', '/api/v1/suppressions?q=manual')).json().data).toHaveLength(0);
    const audit = (await call('GET', `/api/v1/audit-log?entity=suppression&entityId=${added.json().id}`)).json().data.map((a: { action: string }) => a.action);
    expect(audit).toEqual(['delete', 'create']);
    expect((await call('POST', '/api/v1/suppressions', { email: 'y@example.org' }, (await ws.as('support')).headers)).statusCode).toBe(403);
  });

  it('imports a CSV, reporting bad rows by row and field, and exports it formula-safe', async () => {
    const res = await importCsv('Email,Reason,Note\nimp1@example.org,hard_bounce,\nIMP2@example.org,,=cmd()\nnot-an-address,,\nimp3@example.org,spam,\nimp1@example.org,,\n');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ added: 2, skipped: 1, errors: [{ row: 4, field: 'email', message: 'is not a valid email address' }, { row: 5, field: 'reason', message: expect.stringContaining('must be one of') }] });
    expect((await importCsv('name\nx\n')).json().error.details.fields[0].path).toBe('file');
    const csv = (await call('GET', '/api/v1/suppressions/export')).body;
    expect(csv).toContain('imp1@example.org,hard_bounce');
    expect(csv).toContain("imp2@example.org,imported,'=cmd()");
  });

  it('keeps suppressed addresses out of the send guard, whatever their case or +tag', async () => {
    const list = (await call('POST', '/api/v1/lists', { name: 'Guarded' })).json();
    const ids = [];
    for (const email of ['Guard.One+news@gmail.com', 'guard2@example.org']) ids.push((await call('POST', '/api/v1/contacts', { email })).json().id);
    await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: ids, consent: { source: 'admin', lawfulBasis: 'consent', proof: 'shop checkout opt-in' } });
    const before = await eligibleRecipients({ ctx: t.ctx, workspaceId: ws.id, listId: list.id, contactIds: ids });
    expect(before.recipients.map((r) => r.contactId)).toEqual(ids);
    await call('POST', '/api/v1/suppressions', { email: 'guardone@gmail.com', reason: 'hard_bounce' });
    const after = await eligibleRecipients({ ctx: t.ctx, workspaceId: ws.id, listId: list.id, contactIds: ids });
    expect(after.recipients.map((r) => r.contactId)).toEqual([ids[1]]);
  });
});
