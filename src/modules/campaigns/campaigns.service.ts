import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { jsonb } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { parseLiquidField } from '../../mail/render-message.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { countAudience, type AudienceSpec } from './audience-query.js';
import * as repo from './campaigns.repo.js';
import type { CreateCampaignInput, UpdateCampaignInput } from './campaigns.schema.js';

export function presentCampaign(r: repo.CampaignRow) {
  return {
    id: Number(r.id), name: r.name, status: r.status, subject: r.subject, preheader: r.preheader, fromName: r.from_name,
    fromEmail: r.from_email || null, replyTo: r.reply_to, templateId: r.template_id === null ? null : Number(r.template_id),
    listIds: r.list_ids, includeSegmentIds: r.include_segment_ids, excludeSegmentIds: r.exclude_segment_ids,
    scheduledAt: r.scheduled_at, timeZone: r.time_zone, startedAt: r.started_at, finishedAt: r.finished_at,
    recipientCount: r.recipient_count, createdBy: r.created_by === null ? null : Number(r.created_by), createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
export type CampaignOut = ReturnType<typeof presentCampaign>;

export const audienceOf = (r: repo.CampaignRow): AudienceSpec => ({ listIds: r.list_ids, includeSegmentIds: r.include_segment_ids, excludeSegmentIds: r.exclude_segment_ids });

export async function loadCampaign(db: Executor, actor: Actor, id: number, lock = false) {
  const row = await repo.findCampaign(db, actor.workspaceId, id, lock);
  if (!row) throw AppError.notFound('Campaign');
  return row;
}

/** Subject and preheader are Liquid: a syntax error is a 400 naming the field and line, at save time. */
async function writeOf(db: Executor, actor: Actor, input: UpdateCampaignInput): Promise<repo.CampaignWrite> {
  if (input.subject !== undefined) parseLiquidField(input.subject, 'subject');
  if (input.preheader !== undefined) parseLiquidField(input.preheader, 'preheader');
  if (input.templateId) {
    if (!(await repo.findTemplate(db, actor.workspaceId, input.templateId))) throw AppError.invalid({ path: 'templateId', message: 'template not found' });
  }
  const w: repo.CampaignWrite = {
    name: input.name, subject: input.subject, preheader: input.preheader, from_name: input.fromName,
    from_email: input.fromEmail === undefined ? undefined : (input.fromEmail ?? ''), reply_to: input.replyTo, template_id: input.templateId,
  };
  if (input.listIds) w.list_ids = jsonb(input.listIds) as never;
  if (input.includeSegmentIds) w.include_segment_ids = jsonb(input.includeSegmentIds) as never;
  if (input.excludeSegmentIds) w.exclude_segment_ids = jsonb(input.excludeSegmentIds) as never;
  return w;
}

export async function listCampaigns(o: { ctx: AppContext; actor: Actor; limit: number; cursor?: string; status?: string }) {
  const { ctx, actor, limit } = o;
  requirePermission(actor, 'campaigns:read');
  const rows = await repo.campaignsPage(ctx.db, { workspaceId: actor.workspaceId, beforeId: decodeIdCursor(o.cursor), limit, status: o.status });
  return pageOf(rows.map(presentCampaign), limit, (c) => [c.id]);
}

export async function getCampaign(o: { ctx: AppContext; actor: Actor; id: number }): Promise<CampaignOut> {
  requirePermission(o.actor, 'campaigns:read');
  return presentCampaign(await loadCampaign(o.ctx.db, o.actor, o.id));
}

export async function createCampaign(o: { ctx: AppContext; actor: Actor; input: CreateCampaignInput }): Promise<CampaignOut> {
  const { ctx, actor, input } = o;
  requirePermission(actor, 'campaigns:write');
  return ctx.db.transaction().execute(async (trx) => {
    const write = await writeOf(trx, actor, input);
    const id = await repo.insertCampaign(trx, { ...write, name: input.name, workspace_id: actor.workspaceId, created_by: actor.userId } as never);
    const out = presentCampaign((await repo.findCampaign(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'campaign', entityId: id, action: 'create', after: out });
    return out;
  });
}

/** Only a draft is edited; a scheduled campaign is unscheduled first (it was checked as it was). */
export async function updateCampaign(o: { ctx: AppContext; actor: Actor; id: number; input: UpdateCampaignInput }): Promise<CampaignOut> {
  const { ctx, actor, id, input } = o;
  requirePermission(actor, 'campaigns:write');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await loadCampaign(trx, actor, id, true);
    if (before.status !== 'draft') throw AppError.conflict(`A ${before.status} campaign cannot be edited`, { fields: [{ path: 'status', message: `is ${before.status}; only drafts are edited` }] });
    await repo.updateCampaign(trx, actor.workspaceId, id, await writeOf(trx, actor, input));
    const out = presentCampaign((await repo.findCampaign(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'campaign', entityId: id, action: 'update', before: presentCampaign(before), after: out });
    return out;
  });
}

/** Deleting is for drafts only: a sent campaign's recipients and events are its report. */
export async function deleteCampaign(o: { ctx: AppContext; actor: Actor; id: number }): Promise<void> {
  const { ctx, actor, id } = o;
  requirePermission(actor, 'campaigns:write');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await loadCampaign(trx, actor, id, true);
    if (before.status !== 'draft' && before.status !== 'cancelled') throw AppError.conflict(`A ${before.status} campaign cannot be deleted`);
    await repo.deleteCampaign(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'campaign', entityId: id, action: 'delete', before: presentCampaign(before) });
  });
}

/** A new draft with the same content and audience, whatever the original's state. */
export async function duplicateCampaign(o: { ctx: AppContext; actor: Actor; id: number }): Promise<CampaignOut> {
  const { ctx, actor, id } = o;
  requirePermission(actor, 'campaigns:write');
  return ctx.db.transaction().execute(async (trx) => {
    const src = await loadCampaign(trx, actor, id);
    const newId = await repo.insertCampaign(trx, {
      workspace_id: actor.workspaceId, name: `${src.name} (copy)`.slice(0, 200), subject: src.subject, preheader: src.preheader, from_name: src.from_name,
      from_email: src.from_email, reply_to: src.reply_to, template_id: src.template_id, list_ids: jsonb(src.list_ids) as never,
      include_segment_ids: jsonb(src.include_segment_ids) as never, exclude_segment_ids: jsonb(src.exclude_segment_ids) as never, created_by: actor.userId,
    });
    const out = presentCampaign((await repo.findCampaign(trx, actor.workspaceId, newId))!);
    await insertAudit(trx, actor, { entity: 'campaign', entityId: newId, action: 'create', after: { ...out, duplicatedFrom: id } });
    return out;
  });
}

/** The live count of the editor's audience picker: exactly what a send would freeze now. */
export async function countCampaignAudience(o: { ctx: AppContext; actor: Actor; audience: AudienceSpec }): Promise<{ count: number }> {
  requirePermission(o.actor, 'campaigns:read');
  return { count: await countAudience(o) };
}
