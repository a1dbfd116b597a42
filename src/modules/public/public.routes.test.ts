import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, uniqueClientAddress } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { signLink } from '../audience/link-tokens.js';
import { multipart } from '../imports/testing.js';
import { PUBLIC_LIMITS } from './public.routes.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let ipSeq = 0;
/** Each test speaks from its own address, so the per-IP limit only bites where a test floods. */
const subnet = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`; // counters persist on a shared PostgreSQL
const nextIp = () => `${subnet}.${++ipSeq}`;
beforeAll(async () => {
  t = await createTestApp({ clientAddress: uniqueClientAddress() });
  // Double opt-in needs outgoing mail configured; no worker runs here, so nothing is sent.
  (t.ctx.config as { SMTP_URL?: string }).SMTP_URL = 'smtp://127.0.0.1:2';
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: ws.owner.headers });
const form = (url: string, body: Record<string, string>, ip = nextIp()) =>
  t.app.inject({ method: 'POST', url, payload: new URLSearchParams(body).toString(), remoteAddress: ip, headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TestBrowser/1.0' } });
const unique = () => `p${Math.random().toString(36).slice(2, 10)}@example.org`;

async function newForm(optInMode: 'single' | 'double', extra: object = {}) {
  const list = (await api('POST', '/api/v1/lists', { name: `List ${Math.random()}`, optInMode, publicName: 'Monthly news' })).json();
  const f = (await api('POST', '/api/v1/forms', {
    name: 'Newsletter sign-up', listIds: [list.id], consentText: 'I agree to receive the monthly newsletter.',
    fields: [{ key: 'email', label: 'Email' }, { key: 'first_name', label: 'First name' }], ...extra,
  })).json();
  return { list, form: f };
}
const contactByEmail = async (email: string) => t.ctx.db.selectFrom('contacts').select(['id', 'first_name']).where('email', '=', email).executeTakeFirst();
const ledger = async (contactId: number) => (await api('GET', `/api/v1/contacts/${contactId}/consents?limit=50`)).json().data;
const memberStatus = async (listId: number, contactId: number) =>
  (await t.ctx.db.selectFrom('list_members').select('status').where('list_id', '=', listId).where('contact_id', '=', contactId).executeTakeFirst())?.status;

describe('forms API', () => {
  it('creates forms, refuses bad ones naming the field, and gives the embed snippets', async () => {
    const { form: f, list } = await newForm('single');
    expect(f).toMatchObject({ listIds: [list.id], enabled: true, submissions: 0, fields: [{ key: 'email', required: true }, { key: 'first_name', required: false }] });
    const bad = async (body: object) => (await api('POST', '/api/v1/forms', { name: 'X', listIds: [list.id], consentText: 'ok', fields: [{ key: 'email', label: 'E' }], ...body })).json().error.details.fields.map((x: { path: string }) => x.path);
    expect(await bad({ redirectUrl: 'javascript:alert(1)' })).toEqual(['redirectUrl']);
    expect(await bad({ listIds: [999999] })).toEqual(['listIds.0']);
    expect(await bad({ fields: [{ key: 'email', label: 'E' }, { key: 'custom.nope', label: 'N' }] })).toEqual(['fields.1.key']);
    expect(await bad({ fields: [{ key: 'first_name', label: 'N' }] })).toEqual(['fields']);
    const embed = (await api('GET', `/api/v1/forms/${f.id}/embed`)).json();
    expect(embed.hostedUrl).toMatch(new RegExp(`/f/${f.id}$`));
    expect(embed.html).toContain(`action="${embed.hostedUrl}"`);
    expect(embed.html).toContain('name="website"');
    expect(embed.script).toContain(`${embed.hostedUrl}/embed.js`);
    expect((await api('GET', '/api/v1/forms?limit=500')).json().data.map((x: { id: number }) => x.id)).toContain(f.id);
  });
});

describe('hosted form', () => {
  it('serves an accessible page that may be framed, and a script embed', async () => {
    const { form: f } = await newForm('single');
    const res = await t.app.inject({ method: 'GET', url: `/f/${f.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    // The app-wide helmet defaults must not contradict that: no X-Frame-Options, loadable cross-origin.
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toMatch(/<label for="rf\d+-email">Email/);
    expect(res.body).not.toMatch(/<script|style="/);
    const js = await t.app.inject({ method: 'GET', url: `/f/${f.id}/embed.js` });
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(js.body).toContain('data-rapport-form');
    expect((await t.app.inject({ method: 'GET', url: '/f/999999' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/f/abc' })).statusCode).toBe(400);
    await api('PATCH', `/api/v1/forms/${f.id}`, { enabled: false });
    expect((await t.app.inject({ method: 'GET', url: `/f/${f.id}` })).statusCode).toBe(404);
  });

  it('subscribes on a single opt-in list with the form as proof, and answers the same for a known address', async () => {
    const { form: f, list } = await newForm('single', { successMessage: 'Welcome aboard!' });
    const email = unique();
    const first = await form(`/f/${f.id}`, { email, first_name: 'Ada', website: '' }, '203.0.113.7');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Welcome aboard!');
    const c = (await contactByEmail(email))!;
    expect(c.first_name).toBe('Ada');
    expect(await memberStatus(list.id, c.id)).toBe('subscribed');
    const [row] = await ledger(c.id);
    expect(row).toMatchObject({ source: 'form', status: 'granted', formId: f.id, textShown: 'I agree to receive the monthly newsletter.', ip: '203.0.113.7', userAgent: 'TestBrowser/1.0', lawfulBasis: 'consent', actorLabel: `form:${f.id}` });
    expect(row.proof).toContain(`#${f.id}`);
    // Again, and with a stranger's new name: same answer, and the existing contact is not renamed.
    const again = await form(`/f/${f.id}`, { email, first_name: 'Mallory', website: '' });
    expect(again.body).toBe(first.body);
    expect((await contactByEmail(email))!.first_name).toBe('Ada');
    expect((await api('GET', `/api/v1/forms/${f.id}`)).json().submissions).toBe(2);
  });

  it('answers JSON with CORS for the script embed and redirects the HTML form when asked', async () => {
    const { form: f } = await newForm('single', { redirectUrl: 'https://example.com/thanks' });
    const pre = await t.app.inject({ method: 'OPTIONS', url: `/f/${f.id}`, headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    const json = await t.app.inject({ method: 'POST', url: `/f/${f.id}`, payload: { email: unique(), website: '' }, remoteAddress: nextIp(), headers: { origin: 'https://shop.example' } });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ ok: true });
    expect(json.headers['access-control-allow-origin']).toBe('*');
    const bad = await t.app.inject({ method: 'POST', url: `/f/${f.id}`, payload: { email: 'nope', website: '' }, remoteAddress: nextIp() });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields.map((x: { path: string }) => x.path)).toEqual(['email']);
    const redirected = await form(`/f/${f.id}`, { email: unique(), website: '' });
    expect(redirected.statusCode).toBe(303);
    expect(redirected.headers.location).toBe('https://example.com/thanks');
    const page = await t.app.inject({ method: 'GET', url: `/f/${f.id}` });
    expect(page.headers['content-security-policy']).toContain("form-action 'self' https://example.com");
  });

  it('refuses a missing honeypot, an oversized field or an unknown form, and traps bots silently', async () => {
    const { form: f } = await newForm('single');
    const count = async () => Number((await t.ctx.db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', ws.id).executeTakeFirstOrThrow()).n);
    const before = await count();
    const missing = await form(`/f/${f.id}`, { email: unique() });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('website');
    const big = await form(`/f/${f.id}`, { email: unique(), first_name: 'x'.repeat(501), website: '' });
    expect(big.statusCode).toBe(400);
    expect(big.body).toContain('first_name');
    expect((await form('/f/999999', { email: unique(), website: '' })).statusCode).toBe(404);
    const bot = await form(`/f/${f.id}`, { email: unique(), website: 'http://spam.example' });
    expect(bot.statusCode).toBe(200);
    expect(await count()).toBe(before);
  });

  it('limits a flood from one IP with 429 and Retry-After, and repeated sign-ups of one address', async () => {
    const { form: f } = await newForm('single');
    const ip = `${subnet}.250`;
    let last;
    for (let i = 0; i <= PUBLIC_LIMITS.POST; i++) last = await form(`/f/${f.id}`, { email: unique(), website: '' }, ip);
    expect(last!.statusCode).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    const email = unique();
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await form(`/f/${f.id}`, { email, website: '' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('double opt-in confirmation links', () => {
  async function pendingSignup() {
    const { form: f, list } = await newForm('double');
    const email = unique();
    expect((await form(`/f/${f.id}`, { email, first_name: 'Grace', website: '' })).body).toContain('check your inbox');
    const c = (await contactByEmail(email))!;
    const tok = await t.ctx.db.selectFrom('confirmation_tokens').selectAll().where('contact_id', '=', c.id).executeTakeFirstOrThrow();
    const token = signLink(t.ctx.secret, { p: 'confirm', w: ws.id, c: c.id, n: tok.nonce, e: Math.floor(tok.expires_at.getTime() / 1000) });
    return { list, c, token, nonce: tok.nonce };
  }

  it('shows a page on GET (prefetch confirms nothing), confirms once on POST, and refuses the replay', async () => {
    const { list, c, token } = await pendingSignup();
    // The visitor's name waits for the confirmation for an existing contact; a new one has it at once.
    expect(c.first_name).toBe('Grace');
    expect(await memberStatus(list.id, c.id)).toBe('pending');
    const get = await t.app.inject({ method: 'GET', url: `/confirm/${token}` });
    expect(get.statusCode).toBe(200);
    expect(get.body).toContain('Confirm subscription');
    expect(await memberStatus(list.id, c.id)).toBe('pending');
    const ok = await t.app.inject({ method: 'POST', url: `/confirm/${token}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Monthly news');
    expect(await memberStatus(list.id, c.id)).toBe('subscribed');
    expect((await ledger(c.id))[0]).toMatchObject({ source: 'confirmation', status: 'granted', listId: list.id });
    const replay = await t.app.inject({ method: 'POST', url: `/confirm/${token}` });
    expect(replay.statusCode).toBe(409);
    expect((await ledger(c.id)).length).toBe(2);
  });

  it('fills an existing contact’s blanks with what was typed only once the mailbox owner confirms', async () => {
    const { form: f } = await newForm('double');
    const email = unique();
    const existing = (await api('POST', '/api/v1/contacts', { email })).json();
    await form(`/f/${f.id}`, { email, first_name: 'Lin', website: '' });
    expect((await contactByEmail(email))!.first_name).toBe('');
    const tok = await t.ctx.db.selectFrom('confirmation_tokens').selectAll().where('contact_id', '=', existing.id).executeTakeFirstOrThrow();
    const token = signLink(t.ctx.secret, { p: 'confirm', w: ws.id, c: existing.id, n: tok.nonce });
    expect((await t.app.inject({ method: 'POST', url: `/confirm/${token}` })).statusCode).toBe(200);
    expect((await contactByEmail(email))!.first_name).toBe('Lin');
  });

  it('refuses tampered, expired, wrong-purpose and forged links without changing anything', async () => {
    const { list, c, token, nonce } = await pendingSignup();
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    const expired = signLink(t.ctx.secret, { p: 'confirm', w: ws.id, c: c.id, n: nonce, e: Math.floor(Date.now() / 1000) - 10 });
    const otherContact = signLink(t.ctx.secret, { p: 'confirm', w: ws.id, c: c.id + 1, n: nonce });
    const wrongPurpose = signLink(t.ctx.secret, { p: 'unsubscribe', w: ws.id, c: c.id });
    const forged = signLink('another-secret-of-at-least-thirty-two-chars', { p: 'confirm', w: ws.id, c: c.id, n: nonce });
    for (const [tok, code] of [[tampered, 400], [expired, 410], [wrongPurpose, 400], [forged, 400], ['garbage', 400]] as const) {
      expect((await t.app.inject({ method: 'POST', url: `/confirm/${tok}` })).statusCode).toBe(code);
      expect((await t.app.inject({ method: 'GET', url: `/confirm/${tok}` })).statusCode).toBe(code);
    }
    expect((await t.app.inject({ method: 'POST', url: `/confirm/${otherContact}` })).statusCode).toBe(410);
    expect(await memberStatus(list.id, c.id)).toBe('pending');
  });
});

describe('preference centre and one-click unsubscribe', () => {
  async function subscribed() {
    const { form: f, list } = await newForm('single');
    const email = unique();
    await form(`/f/${f.id}`, { email, website: '' });
    const c = (await contactByEmail(email))!;
    return { list, c, email };
  }

  it('shows and changes memberships, and unsubscribes from all with a suppression', async () => {
    const { list, c, email } = await subscribed();
    const token = signLink(t.ctx.secret, { p: 'preferences', w: ws.id, c: c.id });
    const page = await t.app.inject({ method: 'GET', url: `/preferences/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`value="${list.id}" checked`));
    const saved = await form(`/preferences/${token}`, {});
    expect(saved.statusCode).toBe(200);
    expect(await memberStatus(list.id, c.id)).toBe('unsubscribed');
    expect((await ledger(c.id))[0]).toMatchObject({ source: 'preference_centre', status: 'withdrawn' });
    await form(`/preferences/${token}`, { list: String(list.id) });
    expect(await memberStatus(list.id, c.id)).toBe('subscribed');
    await form(`/preferences/${token}`, { all: '1' });
    expect(await memberStatus(list.id, c.id)).toBe('unsubscribed');
    const sup = (await api('GET', `/api/v1/suppressions?q=${encodeURIComponent(email)}`)).json().data;
    expect(sup).toMatchObject([{ email, reason: 'unsubscribed' }]);
    expect((await t.app.inject({ method: 'GET', url: `/preferences/${token}x` })).statusCode).toBe(400);
    const expired = signLink(t.ctx.secret, { p: 'preferences', w: ws.id, c: c.id, e: 1 });
    expect((await t.app.inject({ method: 'GET', url: `/preferences/${expired}` })).statusCode).toBe(410);
  });

  it('never unsubscribes on GET; POST List-Unsubscribe=One-Click works at once, without a cookie, and again', async () => {
    const { list, c } = await subscribed();
    const token = signLink(t.ctx.secret, { p: 'unsubscribe', w: ws.id, c: c.id, l: list.id });
    const get = await t.app.inject({ method: 'GET', url: `/u/${token}` });
    expect(get.statusCode).toBe(200);
    expect(get.body).toContain('<button type="submit">Unsubscribe</button>');
    expect(await memberStatus(list.id, c.id)).toBe('subscribed');
    for (let i = 0; i < 2; i++) {
      const post = await form(`/u/${token}`, { 'List-Unsubscribe': 'One-Click' });
      expect(post.statusCode).toBe(200);
      expect(await memberStatus(list.id, c.id)).toBe('unsubscribed');
    }
    const rows = (await ledger(c.id)).filter((r: { source: string }) => r.source === 'one_click_unsubscribe');
    expect(rows).toHaveLength(1);
    // Some mail providers send the RFC 8058 body as multipart/form-data: accepted the same way.
    const other = await subscribed();
    const otherToken = signLink(t.ctx.secret, { p: 'unsubscribe', w: ws.id, c: other.c.id, l: other.list.id });
    const body = multipart([{ name: 'List-Unsubscribe', value: 'One-Click' }]);
    expect((await t.app.inject({ method: 'POST', url: `/u/${otherToken}`, payload: body.payload, headers: body.headers })).statusCode).toBe(200);
    expect(await memberStatus(other.list.id, other.c.id)).toBe('unsubscribed');
    const tampered = token.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await form(`/u/${tampered}`, { 'List-Unsubscribe': 'One-Click' })).statusCode).toBe(400);
    const expired = signLink(t.ctx.secret, { p: 'unsubscribe', w: ws.id, c: c.id, l: list.id, e: 1 });
    expect((await form(`/u/${expired}`, { 'List-Unsubscribe': 'One-Click' })).statusCode).toBe(410);
    const preferencesToken = signLink(t.ctx.secret, { p: 'preferences', w: ws.id, c: c.id });
    expect((await form(`/u/${preferencesToken}`, { 'List-Unsubscribe': 'One-Click' })).statusCode).toBe(400);
  });
});
