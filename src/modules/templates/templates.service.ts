import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { compileMjml, parseLiquidField, prepareMessage } from '../../mail/render-message.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { blocksToMjml, type BlockDocument } from './blocks.js';
import { findStarter, STARTERS, starterMjml } from './starters.js';
import * as repo from './templates.repo.js';
import type { CreateTemplateInput, UpdateTemplateInput } from './templates.schema.js';

function present(r: repo.TemplateRow) {
  return {
    id: r.id, name: r.name, kind: r.kind, subject: r.subject, preheader: r.preheader, mjml: r.mjml, blocks: r.blocks as BlockDocument | null,
    starter: r.starter, warnings: warningsOf(r.mjml, r.kind), createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** What the pre-send checklist will block on, said early, where the template is edited. */
function warningsOf(mjml: string, kind: string): string[] {
  if (kind !== 'marketing') return [];
  const out: string[] = [];
  if (!/\{\{\s*unsubscribe_url\b/.test(mjml)) out.push('no unsubscribe link ({{ unsubscribe_url }}): a campaign with it is blocked');
  if (!/\{\{\s*workspace\.postal_address\b/.test(mjml)) out.push('no postal address ({{ workspace.postal_address }}): a campaign with it is blocked');
  return out;
}

/**
 * Checks content the way sending will use it: MJML compiles strictly, and the Liquid of the MJML
 * source, the subject and the preheader parses. Errors name the field and the line.
 */
export async function validateContent(c: { mjml: string; subject: string; preheader: string }): Promise<string> {
  parseLiquidField(c.mjml, 'mjml');
  const html = await compileMjml(c.mjml);
  prepareMessage({ html, subject: c.subject, preheader: c.preheader });
  return html;
}

/** MJML from the blocks when the editor sent them (they win), else the MJML given. */
export function mjmlOf(input: { mjml?: string; blocks?: BlockDocument | null }): string | undefined {
  return input.blocks ? blocksToMjml(input.blocks) : input.mjml;
}

export async function loadTemplate(db: Executor, actor: Actor, id: number) {
  const row = await repo.findTemplate(db, actor.workspaceId, id);
  if (!row) throw AppError.notFound('Template');
  return row;
}

export function listStarters(options: { actor: Actor }) {
  requirePermission(options.actor, 'campaigns:read');
  return { data: STARTERS.map((s) => ({ key: s.key, name: s.name, description: s.description, subject: s.subject, preheader: s.preheader, mjml: starterMjml(s), blocks: s.blocks })) };
}

export async function listTemplates(options: { ctx: AppContext; actor: Actor; limit: number; cursor?: string }) {
  const { ctx, actor, limit } = options;
  requirePermission(actor, 'campaigns:read');
  const rows = await repo.listTemplatesPage(ctx.db, actor.workspaceId, decodeIdCursor(options.cursor), limit);
  return pageOf(rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, subject: r.subject, starter: r.starter, createdAt: r.created_at, updatedAt: r.updated_at })), limit, (t) => [t.id]);
}

export async function getTemplate(options: { ctx: AppContext; actor: Actor; id: number }) {
  requirePermission(options.actor, 'campaigns:read');
  return present(await loadTemplate(options.ctx.db, options.actor, options.id));
}

export async function createTemplate(options: { ctx: AppContext; actor: Actor; input: CreateTemplateInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'campaigns:write');
  const starter = input.starter === undefined ? undefined : findStarter(input.starter);
  if (input.starter !== undefined && !starter) throw AppError.invalid({ path: 'starter', message: `no starter named "${input.starter}"` });
  const blocks = input.blocks ?? (input.mjml === undefined ? starter?.blocks : undefined) ?? null;
  const mjml = mjmlOf({ mjml: input.mjml, blocks: blocks as BlockDocument | null });
  if (mjml === undefined) throw AppError.invalid({ path: 'mjml', message: 'give mjml, blocks or a starter' });
  const subject = input.subject || starter?.subject || '';
  const preheader = input.preheader || starter?.preheader || '';
  await validateContent({ mjml, subject, preheader });
  return ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertTemplate(trx, {
      workspace_id: actor.workspaceId, name: input.name, kind: input.kind, subject, preheader, mjml,
      blocks: blocks ? JSON.stringify(blocks) : null, starter: starter?.key ?? null,
    });
    const out = present((await repo.findTemplate(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'email_template', entityId: id, action: 'create', after: { name: out.name, kind: out.kind, starter: out.starter } });
    return out;
  });
}

export async function updateTemplate(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateTemplateInput }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'campaigns:write');
  const before = await loadTemplate(ctx.db, actor, id);
  // Code view edits drop the block document: it no longer describes the MJML.
  const blocks = input.blocks !== undefined ? input.blocks : input.mjml !== undefined ? null : undefined;
  const mjml = input.blocks ? blocksToMjml(input.blocks) : input.mjml;
  await validateContent({ mjml: mjml ?? before.mjml, subject: input.subject ?? before.subject, preheader: input.preheader ?? before.preheader });
  return ctx.db.transaction().execute(async (trx) => {
    await loadTemplate(trx, actor, id);
    await repo.updateTemplate(trx, actor.workspaceId, id, {
      name: input.name, kind: input.kind, subject: input.subject, preheader: input.preheader, mjml,
      blocks: blocks === undefined ? undefined : blocks === null ? null : JSON.stringify(blocks),
    });
    const after = present((await repo.findTemplate(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'email_template', entityId: id, action: 'update', before: { name: before.name, subject: before.subject }, after: { name: after.name, subject: after.subject } });
    return after;
  });
}

export async function deleteTemplate(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'campaigns:write');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await loadTemplate(trx, actor, id);
    await repo.deleteTemplate(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'email_template', entityId: id, action: 'delete', before: { name: before.name } });
  });
}
