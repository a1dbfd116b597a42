import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { LiquidSyntaxError, parseLiquid, renderLiquid } from '../../lib/liquid-sandbox.js';
import { insertAudit } from '../audit/audit.repo.js';
import { can, requirePermission, type Actor } from '../auth/permissions.js';
import * as repo from './canned-replies.repo.js';
import type { CannedReplyInput, CannedReplyPatch } from './canned-replies.schema.js';

type Row = NonNullable<Awaited<ReturnType<typeof repo.findReply>>>;
const present = (r: Row) => ({ id: r.id, name: r.name, body: r.body, shared: r.shared, createdBy: r.created_by, updatedAt: r.updated_at });

function checkLiquid(body: string) {
  try {
    parseLiquid(body);
  } catch (err) {
    if (err instanceof LiquidSyntaxError) throw AppError.invalid({ path: 'body', message: `Liquid${err.line ? ` line ${err.line}` : ''}: ${err.message}` });
    throw err;
  }
}

/** A shared reply is the team's: only tickets:manage changes it. A personal one is its author's alone. */
async function loadForChange(ctx: AppContext, actor: Actor, id: number, makeShared?: boolean): Promise<Row> {
  const row = await repo.findReply(ctx.db, actor.workspaceId, id);
  const own = row && !row.shared && row.created_by === actor.userId;
  if (!row || (!row.shared && !own)) throw AppError.notFound('Canned reply');
  if ((row.shared || makeShared) && !can(actor, 'tickets:manage')) throw AppError.forbidden('tickets:manage');
  return row;
}

export async function listCannedReplies(options: { ctx: AppContext; actor: Actor }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'tickets:write');
  return { items: (await repo.listUsable(ctx.db, actor.workspaceId, actor.userId)).map(present) };
}

export async function createCannedReply(options: { ctx: AppContext; actor: Actor; input: CannedReplyInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, input.shared ? 'tickets:manage' : 'tickets:write');
  if (!input.shared && !actor.userId) throw AppError.invalid({ path: 'shared', message: 'an API key has no personal replies; make it shared' });
  checkLiquid(input.body);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertReply(trx, { workspaceId: actor.workspaceId, name: input.name, body: input.body, shared: input.shared, createdBy: actor.userId });
    await insertAudit(trx, actor, { entity: 'canned_reply', entityId: row.id, action: 'create', after: input });
    return present(row);
  });
}

export async function updateCannedReply(options: { ctx: AppContext; actor: Actor; id: number; input: CannedReplyPatch }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'tickets:write');
  const before = await loadForChange(ctx, actor, id, input.shared);
  if (input.body !== undefined) checkLiquid(input.body);
  return ctx.db.transaction().execute(async (trx) => {
    const row = (await repo.updateReply(trx, actor.workspaceId, id, input))!;
    await insertAudit(trx, actor, { entity: 'canned_reply', entityId: id, action: 'update', before: present(before), after: input });
    return present(row);
  });
}

export async function deleteCannedReply(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'tickets:write');
  const before = await loadForChange(ctx, actor, id);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.deleteReply(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'canned_reply', entityId: id, action: 'delete', before: present(before) });
  });
}

// Liquid's `default:` filter applies to nil and empty strings: a missing name renders as its fallback.
const orNil = (v: string | null | undefined) => (v ? v : undefined);

/**
 * The reply's text for one ticket, through the Liquid sandbox (no file system, bounded time and
 * memory). Missing values render empty, or as the template's `default:`.
 */
export async function renderCannedReply(options: { ctx: AppContext; actor: Actor; id: number; ticketId: number }) {
  const { ctx, actor, id, ticketId } = options;
  requirePermission(actor, 'tickets:write');
  const reply = await repo.findReply(ctx.db, actor.workspaceId, id);
  if (!reply || (!reply.shared && reply.created_by !== actor.userId)) throw AppError.notFound('Canned reply');
  const t = await repo.renderContext(ctx.db, actor.workspaceId, ticketId);
  if (!t) throw AppError.invalid({ path: 'ticketId', message: 'no such ticket' });
  const agent = actor.userId ? await repo.agentOf(ctx.db, actor.userId) : undefined;
  const data = {
    ticket: { id: t.id, subject: t.subject, status: t.status, priority: t.priority },
    contact: { first_name: orNil(t.first_name), last_name: orNil(t.last_name), name: orNil(t.full_name?.trim()), email: orNil(t.email), company: orNil(t.company_name) },
    agent: { name: orNil(agent?.name), first_name: orNil(agent?.name?.split(/\s+/)[0]), email: orNil(agent?.email) },
  };
  try {
    return { body: await renderLiquid(reply.body, data) };
  } catch (err) {
    // Over the sandbox's time or memory bounds, or a filter that failed: the agent's answer, not ours.
    throw AppError.invalid({ path: 'body', message: `the canned reply could not be rendered: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` });
  }
}
