import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { startSmtpSink } from '../../../test/smtp-sink.js';
import type { App } from '../../http/types.js';
import type { AppContext } from '../../context.js';
import { emailHash } from '../audience/email-hash.js';
import { insertSuppressions } from '../suppressions/suppressions.repo.js';
import { seedSending } from './delivery-fixtures.js';
import { runTransactional } from './transactional.job.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ctx: AppContext;
let app: App;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  t = await createTestApp({ clientAddress: uniqueClientAddress() });
  ({ ctx, app } = t);
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.close();
  await t.close();
});

const MJML = '<mjml><mj-body><mj-section><mj-column><mj-text>Reset for {{ contact.email }}: {{ reset_url }}</mj-text></mj-column></mj-section></mj-body></mjml>';

describe('POST /api/v1/transactional', () => {
  it('sends once per Idempotency-Key, skips the marketing guard, honours hard-bounce suppression, names bad fields', async () => {
    const ws = await newWorkspace(ctx);
    const key = await ws.apiKey('marketing');
    const { domain } = await seedSending(ctx, ws.id, { port: sink.port });
    const template = await ctx.db.insertInto('email_templates').values({ workspace_id: ws.id, name: 'Reset', kind: 'transactional', subject: 'Your reset link', mjml: MJML }).returning('id').executeTakeFirstOrThrow();
    const body = { templateId: Number(template.id), to: `someone-${ws.id}@example.org`, from: { email: `no-reply@${domain}`, name: 'Acme' }, data: { reset_url: 'https://acme.test/r/123' } };
    const headers = { authorization: `Bearer ${key}`, 'idempotency-key': 'reset-1' };
    const first = await app.inject({ method: 'POST', url: '/api/v1/transactional', headers, payload: body });
    expect(first.statusCode).toBe(202);
    const again = await app.inject({ method: 'POST', url: '/api/v1/transactional', headers, payload: body });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    await runTransactional(ctx, { workspaceId: ws.id, id: first.json().id });
    const got = sink.messages.filter((m) => m.to[0] === body.to);
    expect(got).toHaveLength(1);
    const parsed = await PostalMime.parse(got[0]!.raw);
    expect(parsed.text).toContain(`Reset for ${body.to}: https://acme.test/r/123`);
    expect(parsed.headers.some((h) => h.key === 'list-unsubscribe')).toBe(false);
    const status = await app.inject({ method: 'GET', url: `/api/v1/transactional/${first.json().id}`, headers });
    expect(status.json()).toMatchObject({ status: 'sent', to: body.to });

    const bounced = `bounced-${ws.id}@example.org`;
    await insertSuppressions(ctx.db, ws.id, [{ email: bounced, emailHash: emailHash(ctx.secret, bounced), reason: 'hard_bounce', note: null }]);
    const refused = await app.inject({ method: 'POST', url: '/api/v1/transactional', headers: { authorization: `Bearer ${key}` }, payload: { ...body, to: bounced } });
    expect(refused.json()).toMatchObject({ status: 'suppressed' });

    const bad = await app.inject({ method: 'POST', url: '/api/v1/transactional', headers: { authorization: `Bearer ${key}` }, payload: { ...body, from: { email: 'x@unverified.test' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('from.email');
  });
});
