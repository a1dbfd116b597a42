import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let other: TestWorkspace;
let inboxId: number;
const run = Math.random().toString(36).slice(2, 8);

beforeAll(async () => {
  // The widget as `npm run build:web` builds it, into web/dist-widget where /widget.js serves it from.
  await build({ configFile: 'web/widget/vite.config.ts', logLevel: 'silent' });
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  other = await newWorkspace(t.ctx);
  inboxId = (await t.app.inject({ method: 'POST', url: '/api/v1/inboxes', headers: ws.owner.headers, payload: { name: 'Web', address: `web-${run}@support.test` } })).json().id;
}, 60_000);
afterAll(() => t.close());

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = ws.owner.headers) => t.app.inject({ method, url, payload, headers });

describe('chat widgets', () => {
  it('creates, lists, changes and deletes a widget, one per inbox, for tickets:manage only', async () => {
    const created = await api('POST', '/api/v1/chat-widgets', { inboxId, allowedOrigins: ['https://shop.example/', 'http://localhost:3000'], colors: { primary: '#2b8a3e' } });
    expect(created.statusCode, created.body).toBe(201);
    const w = created.json();
    expect(w).toMatchObject({ inboxId, allowedOrigins: ['https://shop.example', 'http://localhost:3000'], greeting: 'Hi! How can we help?', colors: { primary: '#2b8a3e' } });
    expect(w.key).toMatch(/^wk_[\w-]{20,}$/);
    expect((await api('POST', '/api/v1/chat-widgets', { inboxId })).statusCode).toBe(409);
    expect((await api('GET', '/api/v1/chat-widgets')).json().data.map((x: { id: number }) => x.id)).toEqual([w.id]);
    const patched = await api('PATCH', `/api/v1/chat-widgets/${w.id}`, { greeting: 'Hello!', allowedOrigins: ['https://shop.example'] });
    expect(patched.json()).toMatchObject({ greeting: 'Hello!', allowedOrigins: ['https://shop.example'], key: w.key });

    const support = await ws.as('support');
    expect((await api('GET', '/api/v1/chat-widgets', undefined, support.headers)).statusCode).toBe(403);
    expect((await api('POST', '/api/v1/chat-widgets', { inboxId }, support.headers)).statusCode).toBe(403);
    // Another workspace neither sees it nor reaches it, nor files a widget on our inbox.
    expect((await api('GET', '/api/v1/chat-widgets', undefined, other.owner.headers)).json().data).toEqual([]);
    expect((await api('PATCH', `/api/v1/chat-widgets/${w.id}`, { greeting: 'x' }, other.owner.headers)).statusCode).toBe(404);
    expect((await api('POST', '/api/v1/chat-widgets', { inboxId }, other.owner.headers)).statusCode).toBe(400);

    expect((await api('DELETE', `/api/v1/chat-widgets/${w.id}`)).statusCode).toBe(204);
    expect((await api('DELETE', `/api/v1/chat-widgets/${w.id}`)).statusCode).toBe(404);
  });

  it('moves a widget to another inbox and to the left corner, but not onto an inbox that has one', async () => {
    const mk = async (name: string) => (await api('POST', '/api/v1/inboxes', { name, address: `${name.toLowerCase()}-${run}@support.test` })).json().id as number;
    const [first, second, third] = [await mk('First'), await mk('Second'), await mk('Third')];
    const w = (await api('POST', '/api/v1/chat-widgets', { inboxId: first })).json();
    expect(w.position).toBe('right');
    await api('POST', '/api/v1/chat-widgets', { inboxId: third });
    const moved = await api('PATCH', `/api/v1/chat-widgets/${w.id}`, { inboxId: second, position: 'left' });
    expect(moved.json()).toMatchObject({ inboxId: second, position: 'left', key: w.key });
    for (const [payload, path] of [[{ inboxId: third }, 'inboxId'], [{ inboxId: 999_999_999 }, 'inboxId'], [{ position: 'top' }, 'position']] as const) {
      const r = await api('PATCH', `/api/v1/chat-widgets/${w.id}`, payload);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error.details.fields[0].path).toBe(path);
    }
    // Its own inbox is no conflict.
    expect((await api('PATCH', `/api/v1/chat-widgets/${w.id}`, { inboxId: second })).statusCode).toBe(200);
  });

  it('refuses what is not an origin, and bad colours, naming the field', async () => {
    for (const [payload, path] of [
      [{ inboxId, allowedOrigins: ['https://shop.example/path'] }, 'allowedOrigins.0'],
      [{ inboxId, allowedOrigins: ['javascript:alert(1)'] }, 'allowedOrigins.0'],
      [{ inboxId, colors: { primary: 'red; background:url(x)' } }, 'colors.primary'],
    ] as const) {
      const r = await api('POST', '/api/v1/chat-widgets', payload);
      expect(r.statusCode).toBe(400);
      expect(r.json().error.details.fields[0].path).toBe(path);
    }
  });

  it('serves /widget.js: one script, under 30 KB gzipped, loadable from other sites', async () => {
    const r = await t.app.inject({ url: '/widget.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/javascript');
    expect(r.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const gz = gzipSync(r.rawPayload).length;
    expect(gz).toBeLessThanOrEqual(30 * 1024);
    expect(gz).toBeGreaterThan(1000);
    // It reads its key from its tag, opens the chat socket and draws into a shadow root.
    expect(r.body).toContain('widgetKey');
    expect(r.body).toContain('/ws/chat');
    expect(r.body).toContain('attachShadow');
    expect(r.body).not.toMatch(/react|createElement\("div",\{className/i);
  });
});
