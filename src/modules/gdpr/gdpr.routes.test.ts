import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { emailHash } from '../audience/email-hash.js';
import { eligibleRecipients } from '../audience/send-guard.js';
import { makePipeline } from '../deals/deals.fixtures.js';
import { submitForm } from '../public/form-submit.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = ws.owner.headers) => t.app.inject({ method, url, payload, headers });
const consent = { source: 'admin', lawfulBasis: 'consent', proof: 'Booth sign-up sheet, 2026-05-01' };

async function person(email: string, lastName = 'Example') {
  const c = (await call('POST', '/api/v1/contacts', { firstName: 'Erin', lastName, email, phone: email.startsWith('erase') ? '+44 20 7946 0000' : null })).json();
  const list = (await call('POST', '/api/v1/lists', { name: `News ${Math.random()}` })).json();
  await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [c.id], consent });
  await call('POST', `/api/v1/contacts/${c.id}/notes`, { body: lastName === 'Example' ? 'Met at the fair, likes tea' : 'Private: allergic to nuts' });
  return { c, list };
}

describe('GDPR export and erasure', () => {
  it('exports everything held about a contact, deals only as the actor may see them, audited; owners and admins only', async () => {
    const { c, list } = await person('export-me@example.org');
    const pipeline = await makePipeline(t.app, ws.owner.headers);
    const sales = await ws.as('sales');
    const mine = (await call('POST', '/api/v1/deals', { title: 'Sales deal', currency: 'EUR', pipelineId: pipeline.id, contactIds: [c.id] }, sales.headers)).json();
    const other = (await call('POST', '/api/v1/deals', { title: 'Owner deal', currency: 'EUR', pipelineId: pipeline.id, contactIds: [c.id] })).json();
    const res = await call('GET', `/api/v1/contacts/${c.id}/export`);
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc).toMatchObject({ contact: { id: c.id, email: 'export-me@example.org' }, lists: [{ listId: list.id, status: 'subscribed' }] });
    expect(doc.consents[0]).toMatchObject({ status: 'granted', proof: consent.proof });
    expect(doc.notes.map((n: { body: string }) => n.body)).toEqual(['Met at the fair, likes tea']);
    expect(doc.timeline.length).toBeGreaterThan(0);
    expect(doc.deals.map((d: { id: number }) => d.id).sort()).toEqual([mine.id, other.id].sort());
    // A sales user may not export (GDPR is owner/admin); the exporter's own scope is checked directly.
    const { contactExporters } = await import('./exporters.js');
    const seen = (await contactExporters.get('deals')!({ db: t.ctx.db, actor: sales.actor, contactId: c.id })) as { id: number }[];
    expect(seen.map((d) => d.id)).toEqual([mine.id]);
    for (const role of ['sales', 'marketing', 'support'] as const) expect((await call('GET', `/api/v1/contacts/${c.id}/export`, undefined, (await ws.as(role)).headers)).statusCode).toBe(403);
    const admin = await ws.as('admin');
    expect((await call('GET', `/api/v1/contacts/${c.id}/export`, undefined, admin.headers)).statusCode).toBe(200);
    const audit = (await call('GET', `/api/v1/audit-log?entity=contact&entityId=${c.id}`)).json().data.map((a: { action: string }) => a.action);
    expect(audit.filter((a: string) => a === 'gdpr_export')).toHaveLength(2);
    expect((await call('GET', '/api/v1/contacts/999999/export')).statusCode).toBe(404);
  });

  it('erases: the contact is gone, traces are anonymised, the address is kept only as a hash and stays suppressed until the person signs up again', async () => {
    // Unique per run: sign-ups per address are counted in the (maybe shared) database.
    const email = `erase-me-${Math.random().toString(36).slice(2, 8)}@example.org`;
    const { c, list } = await person(email, 'Erasable');
    // Another contact named in the same list entry: its data must stay.
    const bystander = (await call('POST', '/api/v1/contacts', { firstName: 'Bea', lastName: 'Stander', email: `bea-${email}` })).json();
    await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [bystander.id], consent });
    expect((await call('POST', `/api/v1/contacts/${c.id}/erase`, {})).statusCode).toBe(400);
    expect((await call('POST', `/api/v1/contacts/${c.id}/erase`, { confirm: true }, (await ws.as('marketing')).headers)).statusCode).toBe(403);
    const res = await call('POST', `/api/v1/contacts/${c.id}/erase`, { confirm: true });
    expect(res.json()).toEqual({ erased: true });
    expect((await call('GET', `/api/v1/contacts/${c.id}`)).statusCode).toBe(404);
    // Nothing in the audit log or timelines still holds the address or the name.
    const audit = await t.ctx.db.selectFrom('audit_log').select(['before', 'after', 'action']).where('workspace_id', '=', ws.id).execute();
    const text = JSON.stringify(audit);
    for (const secret of [`"${email}"`, 'Erin Erasable', '7946', 'allergic']) expect(text).not.toContain(secret);
    expect(text).toContain('Bea Stander');
    expect(text).toContain(`"bea-${email}"`);
    expect((await call('GET', `/api/v1/contacts/${bystander.id}`)).json()).toMatchObject({ email: `bea-${email}` });
    expect(audit.some((a) => a.action === 'erase')).toBe(true);
    const sup = await t.ctx.db.selectFrom('suppressions').selectAll().where('workspace_id', '=', ws.id).where('email_hash', '=', emailHash(t.ctx.secret, email)).executeTakeFirstOrThrow();
    expect(sup).toMatchObject({ email: null, reason: 'erased' });
    const listed = (await call('GET', '/api/v1/suppressions')).json().data.find((s: { id: number }) => s.id === sup.id);
    expect(listed).toMatchObject({ email: null, reason: 'erased' });
    expect((await call('DELETE', `/api/v1/suppressions/${sup.id}`)).statusCode).toBe(400);

    // Re-added by an import or an admin: suppressed, never mailed.
    const again = (await call('POST', '/api/v1/contacts', { email })).json();
    const added = (await call('POST', `/api/v1/lists/${list.id}/members`, { contactIds: [again.id], consent })).json();
    expect(added).toMatchObject({ added: 0, suppressed: 1 });
    expect((await eligibleRecipients({ ctx: t.ctx, workspaceId: ws.id, listId: list.id, contactIds: [again.id] })).recipients).toEqual([]);

    // Their own new sign-up through a form lifts it.
    const form = (await call('POST', '/api/v1/forms', { name: 'Back', listIds: [list.id], consentText: 'Yes please', fields: [{ key: 'email', label: 'Email' }] })).json();
    await submitForm(t.ctx, { formId: form.id, body: { email, website: '' }, ip: '192.0.2.1', userAgent: null });
    expect((await eligibleRecipients({ ctx: t.ctx, workspaceId: ws.id, listId: list.id, contactIds: [again.id] })).recipients).toEqual([{ contactId: again.id, email }]);
    expect(await t.ctx.db.selectFrom('suppressions').select('id').where('id', '=', sup.id).executeTakeFirst()).toBeUndefined();
  });
});
