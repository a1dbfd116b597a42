import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http/types.js';
import { CACHE_MS, resolveApiKeyActor, TOUCH_MS } from './api-key-auth.js';
import { createApiKey, revokeApiKey } from './api-keys.service.js';

let ctx: AppContext;
let app: App;
let close: () => Promise<void>;
let ws: TestWorkspace;
beforeAll(async () => {
  ({ ctx, app, close } = await createTestApp());
  ws = await newWorkspace(ctx);
});
afterAll(async () => close());

const newKey = async (name: string) => createApiKey({ ctx, actor: ws.owner.actor, name, role: 'admin' });
const lastUsed = async (id: number) => (await ctx.db.selectFrom('api_keys').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow()).last_used_at;
const getContacts = (token: string) => app.inject({ url: '/api/v1/contacts?limit=1', headers: { authorization: `Bearer ${token}` } });

describe('API key resolution', () => {
  it('writes last_used_at on first use and then at most once a minute, not on every request', async () => {
    const { apiKey, token } = await newKey('touch');
    expect(await lastUsed(apiKey.id)).toBeNull();
    expect((await getContacts(token)).statusCode).toBe(200);
    const first = await lastUsed(apiKey.id);
    expect(first).toBeInstanceOf(Date);
    for (let i = 0; i < 3; i++) expect((await getContacts(token)).statusCode).toBe(200);
    expect(await lastUsed(apiKey.id)).toEqual(first);
    // A minute later (past the cache too), the next use writes it again.
    await resolveApiKeyActor({ ctx, bearer: token, now: Date.now() + TOUCH_MS + 1 });
    expect((await lastUsed(apiKey.id))!.getTime()).toBeGreaterThan(first!.getTime());
  });

  it('a key revoked through the API stops working at once, even while it is cached', async () => {
    const { apiKey, token } = await newKey('revoke');
    expect((await getContacts(token)).statusCode).toBe(200);
    await revokeApiKey({ ctx, actor: ws.owner.actor, id: apiKey.id });
    expect((await getContacts(token)).statusCode).toBe(401);
  });

  it('a key revoked by another process is honoured within the cache window', async () => {
    const { apiKey, token } = await newKey('elsewhere');
    const now = Date.now();
    expect(await resolveApiKeyActor({ ctx, bearer: token, now })).toMatchObject({ apiKeyId: apiKey.id, role: 'admin', workspaceId: ws.id });
    await ctx.db.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', apiKey.id).execute();
    expect(await resolveApiKeyActor({ ctx, bearer: token, now: now + CACHE_MS - 1 })).not.toBeNull();
    expect(await resolveApiKeyActor({ ctx, bearer: token, now: now + CACHE_MS })).toBeNull();
  });

  it('refuses unknown tokens and does not remember them', async () => {
    expect((await getContacts('rk_not-a-key')).statusCode).toBe(401);
    const { token } = await newKey('late');
    expect(await resolveApiKeyActor({ ctx, bearer: token })).not.toBeNull();
  });
});
