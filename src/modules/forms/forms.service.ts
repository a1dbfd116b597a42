import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError, type FieldIssue } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { publicBase } from '../audience/public-url.js';
import { listFieldDefinitions } from '../custom-fields/custom-fields.repo.js';
import { findListsByIds } from '../lists/lists.repo.js';
import { formEmbedHtml } from './form-html.js';
import * as repo from './forms.repo.js';
import type { CreateFormInput, FormField, UpdateFormInput } from './forms.schema.js';

export function presentForm(r: repo.FormRow) {
  return {
    id: r.id, name: r.name, listIds: r.list_ids, fields: r.fields, consentText: r.consent_text, successMessage: r.success_message,
    redirectUrl: r.redirect_url, enabled: r.enabled, submissions: r.submissions, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

async function loadForm(db: Executor, actor: Actor, id: number) {
  const row = await repo.findForm(db, actor.workspaceId, id);
  if (!row) throw AppError.notFound('Form');
  return row;
}

/** The lists exist in the workspace and each custom field is a contact custom field. */
async function checkReferences(db: Executor, actor: Actor, input: { listIds?: number[]; fields?: FormField[] }) {
  const issues: FieldIssue[] = [];
  if (input.listIds) {
    const found = new Set((await findListsByIds(db, actor.workspaceId, input.listIds)).map((l) => l.id));
    input.listIds.forEach((id, i) => { if (!found.has(id)) issues.push({ path: `listIds.${i}`, message: `list ${id} does not exist in this workspace` }); });
  }
  if (input.fields?.some((f) => f.key.startsWith('custom.'))) {
    const defs = new Set((await listFieldDefinitions(db, actor.workspaceId, 'contact')).map((d) => d.key));
    input.fields.forEach((f, i) => {
      if (f.key.startsWith('custom.') && !defs.has(f.key.slice(7))) issues.push({ path: `fields.${i}.key`, message: `no contact custom field "${f.key.slice(7)}"` });
    });
  }
  if (issues.length) throw AppError.invalid(issues);
}

export async function listForms(options: { ctx: AppContext; actor: Actor; limit: number; cursor?: string }) {
  const { ctx, actor, limit } = options;
  requirePermission(actor, 'lists:read');
  const rows = await repo.formsPage(ctx.db, actor.workspaceId, decodeIdCursor(options.cursor), limit);
  return pageOf(rows.map(presentForm), limit, (f) => [f.id]);
}

export async function getForm(options: { ctx: AppContext; actor: Actor; id: number }) {
  requirePermission(options.actor, 'lists:read');
  return presentForm(await loadForm(options.ctx.db, options.actor, options.id));
}

export async function createForm(options: { ctx: AppContext; actor: Actor; input: CreateFormInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'lists:write');
  return ctx.db.transaction().execute(async (trx) => {
    await checkReferences(trx, actor, input);
    const id = await repo.insertForm(trx, actor.workspaceId, {
      name: input.name, listIds: input.listIds, fields: input.fields, consentText: input.consentText,
      successMessage: input.successMessage ?? null, redirectUrl: input.redirectUrl ?? null, enabled: input.enabled,
    });
    const out = presentForm((await repo.findForm(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'form', entityId: id, action: 'create', after: out });
    return out;
  });
}

export async function updateForm(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateFormInput }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'lists:write');
  return ctx.db.transaction().execute(async (trx) => {
    const before = presentForm(await loadForm(trx, actor, id));
    await checkReferences(trx, actor, input);
    await repo.updateForm(trx, actor.workspaceId, id, input);
    const after = presentForm((await repo.findForm(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'form', entityId: id, action: 'update', before, after });
    return after;
  });
}

export async function deleteForm(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'lists:write');
  await ctx.db.transaction().execute(async (trx) => {
    const before = presentForm(await loadForm(trx, actor, id));
    await repo.deleteForm(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'form', entityId: id, action: 'delete', before });
  });
}

/** The hosted URL and the two snippets to paste into a website. */
export async function formEmbed(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'lists:read');
  const form = await loadForm(ctx.db, actor, id);
  const base = publicBase(ctx.config);
  const action = `${base}/f/${form.id}`;
  return {
    hostedUrl: action,
    html: formEmbedHtml(form, action),
    script: `<div data-rapport-form="${form.id}"></div>\n<script src="${action}/embed.js" async></script>`,
  };
}
