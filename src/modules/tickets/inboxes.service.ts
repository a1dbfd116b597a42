import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { newToken } from '../../lib/crypto.js';
import { sealSecret } from '../../lib/secret-box.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { upsertAgentProfile } from './agents.repo.js';
import { forgetInboxes } from './inbox-lookup.js';
import * as repo from './inboxes.repo.js';

export interface InboxInput {
  name: string;
  address: string;
  assignment: 'manual' | 'round_robin' | 'fewest_open';
  agentIds: number[];
}

const present = (r: { id: number; name: string; address: string; assignment: string; agent_ids: number[]; webhook_secret_sealed: string | null }) => ({
  id: r.id, name: r.name, address: r.address, assignment: r.assignment, agentIds: r.agent_ids, hasWebhookSecret: !!r.webhook_secret_sealed,
});

export async function listInboxes(options: { ctx: AppContext; actor: Actor }) {
  requirePermission(options.actor, 'tickets:read');
  return { data: (await repo.listInboxes(options.ctx.db, options.actor.workspaceId)).map(present) };
}

async function checkAgents(ctx: AppContext, actor: Actor, ids: number[]) {
  const unique = [...new Set(ids)];
  if (unique.length > 0 && (await repo.countMembers(ctx.db, actor.workspaceId, unique)) !== unique.length) throw AppError.invalid({ path: 'agentIds', message: 'every agent must be a user of this workspace' });
}

export const INBOX_SECRET_PURPOSE = 'inbox-webhook-secret';

/**
 * Creates an inbox and returns its inbound-webhook secret, shown this once. It is kept sealed (not
 * hashed): Mailgun signs with it, and checking an HMAC needs the key itself.
 */
export async function createInbox(options: { ctx: AppContext; actor: Actor; input: InboxInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'tickets:manage');
  await checkAgents(ctx, actor, input.agentIds);
  if (await repo.findInboxByAddress(ctx.db, input.address)) throw AppError.conflict(`${input.address} already belongs to an inbox`);
  const secret = newToken('whs_');
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.insertInbox(trx, actor.workspaceId, input, sealSecret(ctx.secret, INBOX_SECRET_PURPOSE, secret));
    await insertAudit(trx, actor, { entity: 'inbox', entityId: r.id, action: 'create', after: { name: input.name, address: input.address } });
    return r;
  });
  forgetInboxes(ctx);
  return { ...present(row), webhookSecret: secret };
}

export async function updateInbox(options: { ctx: AppContext; actor: Actor; id: number; input: Partial<InboxInput> }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'tickets:manage');
  if (input.agentIds) await checkAgents(ctx, actor, input.agentIds);
  if (input.address) {
    const other = await repo.findInboxByAddress(ctx.db, input.address);
    if (other && other.id !== id) throw AppError.conflict(`${input.address} already belongs to an inbox`);
  }
  const row = await ctx.db.transaction().execute(async (trx) => {
    const r = await repo.updateInbox(trx, actor.workspaceId, id, input);
    if (!r) throw AppError.notFound('Inbox');
    await insertAudit(trx, actor, { entity: 'inbox', entityId: id, action: 'update', after: input });
    return r;
  });
  forgetInboxes(ctx);
  return present(row);
}

/** An agent sets themself online or away (assignment only picks online agents) and keeps a signature. */
export async function setAgentProfile(options: { ctx: AppContext; actor: Actor; status?: 'online' | 'away'; signature?: string }) {
  const { ctx, actor } = options;
  requirePermission(actor, 'tickets:write');
  if (!actor.userId) throw AppError.invalid({ path: 'status', message: 'only a logged-in user has a presence' });
  return upsertAgentProfile(ctx.db, actor.workspaceId, actor.userId, {
    ...(options.status ? { status: options.status } : {}), ...(options.signature !== undefined ? { signature: options.signature } : {}),
  });
}
