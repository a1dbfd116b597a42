import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import type { AppContext } from '../../context.js';
import { createInbox } from '../tickets/inboxes.service.js';
import { createTicket } from '../tickets/tickets.service.js';
import { runSlaWatch } from './sla-watch.job.js';

let ctx: AppContext;
let ws: TestWorkspace;
const run = Math.random().toString(36).slice(2, 8);
const MIN = 60_000;
// A fake clock far from the real one: nothing else in a shared database is due then.
const T0 = new Date('2031-03-04T10:00:00Z');

beforeAll(async () => {
  ctx = await createTestContext();
  ws = await newWorkspace(ctx);
  await ctx.db.insertInto('sla_policies').values({ workspace_id: ws.id, name: 'Fast', first_response_minutes: 60, resolution_minutes: 600, warn_before_minutes: 15 }).execute();
});
afterAll(async () => {
  const { closeContext } = await import('../../boot.js');
  await closeContext(ctx);
});

async function ticketDue(dueAt: Date, extra: { assigneeId?: number; inboxId?: number } = {}) {
  const t = await createTicket({ ctx, actor: ws.owner.actor, input: { subject: `Down ${run}`, body: 'help', email: `sla-${run}@example.com`, priority: 'normal', channel: 'api', inboxId: extra.inboxId } });
  await ctx.db.updateTable('tickets').set({ first_response_due_at: dueAt, resolution_due_at: new Date(dueAt.getTime() + 600 * MIN), assignee_id: extra.assigneeId ?? null }).where('id', '=', t.id).execute();
  return t;
}
const notifications = (ticketId: number) =>
  ctx.db.selectFrom('notifications').select(['user_id', 'kind', 'title']).where('workspace_id', '=', ws.id).where('link', '=', `/tickets/${ticketId}`).orderBy('id').execute();
const slaEvents = (contactId: number) =>
  ctx.db.selectFrom('timeline_events').select(['kind', 'data']).where('workspace_id', '=', ws.id).where('contact_id', '=', contactId).where('kind', 'like', 'ticket_sla_%').orderBy('id').execute();

describe('SLA watch', () => {
  it('warns the assignee within the lead time, reports the breach once, and puts both on the timeline', async () => {
    const agent = await ws.as('support');
    const due = new Date(T0.getTime() + 60 * MIN);
    const t = await ticketDue(due, { assigneeId: agent.actor.userId! });
    await runSlaWatch(ctx, new Date(due.getTime() - 20 * MIN)); // before the 15-minute lead time
    expect(await notifications(t.id)).toEqual([]);
    await runSlaWatch(ctx, new Date(due.getTime() - 10 * MIN));
    await runSlaWatch(ctx, new Date(due.getTime() - 9 * MIN)); // a second run says nothing new
    expect(await notifications(t.id)).toEqual([{ user_id: agent.actor.userId, kind: 'sla_warning', title: `SLA at risk: first response on #${t.id} “Down ${run}”` }]);
    await runSlaWatch(ctx, new Date(due.getTime() + MIN));
    await runSlaWatch(ctx, new Date(due.getTime() + 2 * MIN));
    expect((await notifications(t.id)).map((n) => n.kind)).toEqual(['sla_warning', 'sla_breached']);
    const events = await slaEvents(t.contact!.id);
    expect(events.map((e) => [e.kind, (e.data as { target: string }).target])).toEqual([['ticket_sla_warning', 'firstResponse'], ['ticket_sla_breached', 'firstResponse']]);
    const row = await ctx.db.selectFrom('tickets').select(['sla_warned', 'sla_breached']).where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row.sla_warned).toEqual({ firstResponse: due.toISOString() });
    expect(row.sla_breached).toEqual({ firstResponse: due.toISOString() });
  });

  it('tells the inbox agents when no one is assigned, and the admins when the inbox has none', async () => {
    const agent = await ws.as('support');
    const inbox = await createInbox({ ctx, actor: ws.owner.actor, input: { name: 'Desk', address: `desk-${run}@example.com`, assignment: 'manual', agentIds: [agent.actor.userId!] } });
    const due = new Date(T0.getTime() + 24 * 60 * MIN);
    const viaInbox = await ticketDue(due, { inboxId: inbox.id });
    const admin = await ws.as('admin');
    const orphan = await ticketDue(due);
    await runSlaWatch(ctx, new Date(due.getTime() + MIN));
    expect((await notifications(viaInbox.id)).map((n) => [n.user_id, n.kind])).toEqual([[agent.actor.userId, 'sla_breached']]);
    expect((await notifications(orphan.id)).map((n) => n.user_id).sort()).toEqual([ws.owner.actor.userId, admin.actor.userId].sort());
  });

  it('stays quiet while the ticket waits on the customer, after a response, and once solved', async () => {
    const due = new Date(T0.getTime() + 48 * 60 * MIN);
    const paused = await ticketDue(due);
    await ctx.db.updateTable('tickets').set({ status: 'pending', paused_since: T0 }).where('id', '=', paused.id).execute();
    const answered = await ticketDue(due);
    await ctx.db.updateTable('tickets').set({ first_responded_at: T0, resolution_due_at: null }).where('id', '=', answered.id).execute();
    const solved = await ticketDue(due);
    await ctx.db.updateTable('tickets').set({ status: 'solved', solved_at: T0 }).where('id', '=', solved.id).execute();
    await runSlaWatch(ctx, new Date(due.getTime() + MIN));
    for (const t of [paused, answered, solved]) expect(await notifications(t.id)).toEqual([]);
  });

  it('warns again when a pause moved the due time', async () => {
    const due = new Date(T0.getTime() + 72 * 60 * MIN);
    const t = await ticketDue(due, { assigneeId: ws.owner.actor.userId! });
    await runSlaWatch(ctx, new Date(due.getTime() - 5 * MIN));
    const moved = new Date(due.getTime() + 120 * MIN);
    await ctx.db.updateTable('tickets').set({ first_response_due_at: moved }).where('id', '=', t.id).execute();
    await runSlaWatch(ctx, new Date(moved.getTime() - 5 * MIN));
    expect((await notifications(t.id)).map((n) => n.kind)).toEqual(['sla_warning', 'sla_warning']);
  });
});
