import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { audienceLinks, listUnsubscribeHeaders } from './list-unsubscribe.js';
import { eligibleRecipients } from './send-guard.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp({ clientAddress: uniqueClientAddress() });
  Object.assign(t.ctx.config, { PUBLIC_URL: 'https://crm.example.com/', MAIL_FROM: 'Shop <news@shop.example>' });
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

const call = (method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: ws.owner.headers });

describe('List-Unsubscribe headers and the guard', () => {
  it('builds RFC 8058 headers whose https link unsubscribes with one POST and whose mailto is the sender', async () => {
    const list = (await call('POST', '/api/v1/lists', { name: 'Promotions' })).json();
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await call('POST', '/api/v1/contacts', { email: `lu${i}@example.org` })).json().id);
    await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: ids, consent: { source: 'api', lawfulBasis: 'consent', proof: 'app sign-up screen' } });

    const h = listUnsubscribeHeaders({ ctx: t.ctx, workspaceId: ws.id, contactId: ids[0], listId: list.id });
    expect(h['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const m = /^<(https:\/\/crm\.example\.com\/u\/[^>]+)>, <mailto:news@shop\.example\?subject=unsubscribe%20[^>]+>$/.exec(h['List-Unsubscribe']);
    expect(m).not.toBeNull();
    const path = new URL(m![1]).pathname;
    const res = await t.app.inject({ method: 'POST', url: path, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.statusCode).toBe(200);
    expect(audienceLinks({ ctx: t.ctx, workspaceId: ws.id, contactId: ids[0] }).preferencesUrl).toMatch(/^https:\/\/crm\.example\.com\/preferences\//);

    // The guard pages in contact order and stops where the list ends; the unsubscribed one is gone.
    const first = await eligibleRecipients({ ctx: t.ctx, workspaceId: ws.id, listId: list.id, limit: 1 });
    expect(first.recipients.map((r) => r.contactId)).toEqual([ids[1]]);
    const rest = await eligibleRecipients({ ctx: t.ctx, workspaceId: ws.id, listId: list.id, limit: 5, afterContactId: first.next! });
    expect(rest).toEqual({ recipients: [{ contactId: ids[2], email: 'lu2@example.org' }], next: null });
    // A segment narrows the candidates (through the segments module's one entry point).
    const seg = await call('POST', '/api/v1/segments', { name: 'Not lu2', kind: 'dynamic', tree: { type: 'field', field: 'email', op: 'neq', value: 'lu2@example.org' } });
    expect(seg.statusCode).toBe(201);
    const bySegment = await eligibleRecipients({ ctx: t.ctx, workspaceId: ws.id, listId: list.id, segmentId: seg.json().id, actor: ws.owner.actor });
    expect(bySegment.recipients.map((r) => r.contactId)).toEqual([ids[1]]);
  });
});
