import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { caller } from '../deals/deals.fixtures.js';
import { insertNotification } from './notifications.repo.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('notifications', () => {
  it("lists the caller's notifications, marks them read and keeps the email preference", async () => {
    const ws = await newWorkspace(t.ctx);
    const sales = await ws.as('sales');
    const call = caller(t.app, ws.owner.headers);
    for (const [userId, title] of [[ws.owner.actor.userId!, 'one'], [ws.owner.actor.userId!, 'two'], [sales.actor.userId!, 'theirs']] as const) {
      await insertNotification(t.ctx.db, { workspaceId: ws.id, userId, kind: 'task_due', title, body: '', link: null, sourceKey: `test:${ws.id}:${title}`, emailStatus: 'none' });
    }
    const list = (await call('GET', '/api/v1/notifications?limit=1')).body;
    expect(list).toMatchObject({ unreadCount: 2, data: [{ title: 'two', read: false }] });
    const second = (await call('GET', `/api/v1/notifications?limit=1&cursor=${list.nextCursor}`)).body.data;
    expect(second.map((n: { title: string }) => n.title)).toEqual(['one']);
    expect((await call('POST', `/api/v1/notifications/${second[0].id}/read`)).body.read).toBe(true);
    expect((await call('GET', '/api/v1/notifications?unread=true')).body.data.map((n: { title: string }) => n.title)).toEqual(['two']);
    expect((await call('POST', '/api/v1/notifications/read-all')).body.marked).toBe(1);
    const theirs = (await call('GET', '/api/v1/notifications', undefined, sales.headers)).body.data;
    expect(theirs.map((n: { title: string }) => n.title)).toEqual(['theirs']);
    expect((await call('POST', `/api/v1/notifications/${theirs[0].id}/read`)).status).toBe(404);

    expect((await call('GET', '/api/v1/notifications/preferences')).body).toEqual({ emailReminders: false, emailAvailable: false });
    expect((await call('PATCH', '/api/v1/notifications/preferences', { emailReminders: true })).body.emailReminders).toBe(true);
    const key = await ws.apiKey('admin');
    expect((await call('GET', '/api/v1/notifications', undefined, { authorization: `Bearer ${key}` } as never)).status).toBe(403);
  });
});
