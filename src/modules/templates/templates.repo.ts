import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { EmailTemplatesTable } from '../../db/schema-email.js';

const columns = ['id', 'name', 'kind', 'subject', 'preheader', 'mjml', 'blocks', 'starter', 'created_at', 'updated_at'] as const;

export function findTemplate(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('email_templates').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}
export type TemplateRow = NonNullable<Awaited<ReturnType<typeof findTemplate>>>;

/** Keyset by id over email_templates_ws_idx; the list leaves out the (large) MJML. */
export function listTemplatesPage(db: Executor, workspaceId: number, afterId: number | undefined, limit: number) {
  let q = db.selectFrom('email_templates').select(['id', 'name', 'kind', 'subject', 'starter', 'created_at', 'updated_at']).where('workspace_id', '=', workspaceId);
  if (afterId) q = q.where('id', '>', afterId);
  return q.orderBy('id').limit(limit + 1).execute();
}

export async function insertTemplate(db: Executor, values: Insertable<EmailTemplatesTable>): Promise<number> {
  return (await db.insertInto('email_templates').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateTemplate(db: Executor, workspaceId: number, id: number, values: Updateable<EmailTemplatesTable>) {
  await db.updateTable('email_templates').set({ ...values, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteTemplate(db: Executor, workspaceId: number, id: number) {
  await db.deleteFrom('email_templates').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** One contact with its company and custom fields, to personalise a preview or a test. */
export function findPreviewContact(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('contacts as c').leftJoin('companies as co', (j) => j.onRef('co.id', '=', 'c.company_id').on('co.workspace_id', '=', workspaceId))
    .select(['c.id', 'c.first_name', 'c.last_name', 'c.email', 'c.custom', 'co.name as company_name'])
    .where('c.workspace_id', '=', workspaceId).where('c.id', '=', id).executeTakeFirst();
}

export function findWorkspaceForRender(db: Executor, workspaceId: number) {
  return db.selectFrom('workspaces').select(['name', 'postal_address']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
}

/** Stores a rendered preview and drops the workspace's previews older than ten minutes (template_previews_age_idx). */
export async function savePreview(db: Executor, workspaceId: number, token: string, html: string) {
  await db.deleteFrom('template_previews').where('workspace_id', '=', workspaceId).where('created_at', '<', new Date(Date.now() - 10 * 60_000)).execute();
  await db.insertInto('template_previews').values({ workspace_id: workspaceId, token, html }).execute();
}

export function findPreview(db: Executor, workspaceId: number, token: string) {
  return db.selectFrom('template_previews').select('html').where('workspace_id', '=', workspaceId).where('token', '=', token).executeTakeFirst();
}
