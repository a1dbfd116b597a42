import { sql } from 'kysely';
import { jsonb, type Executor } from '../../db/executor.js';
import type { FormField } from './forms.schema.js';

const columns = ['id', 'name', 'list_ids', 'fields', 'consent_text', 'success_message', 'redirect_url', 'enabled', 'submissions', 'created_at', 'updated_at'] as const;

export interface FormRow {
  id: number;
  name: string;
  list_ids: number[];
  fields: FormField[];
  consent_text: string;
  success_message: string | null;
  redirect_url: string | null;
  enabled: boolean;
  submissions: number;
  created_at: Date;
  updated_at: Date;
}

export async function findForm(db: Executor, workspaceId: number, id: number): Promise<FormRow | undefined> {
  return (await db.selectFrom('forms').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst()) as FormRow | undefined;
}

/** The public form routes know only the form id; the form names its workspace. */
export async function findPublicForm(db: Executor, id: number): Promise<(FormRow & { workspace_id: number }) | undefined> {
  return (await db.selectFrom('forms').select([...columns, 'workspace_id']).where('id', '=', id).executeTakeFirst()) as (FormRow & { workspace_id: number }) | undefined;
}

export async function formsPage(db: Executor, workspaceId: number, afterId: number | undefined, limit: number): Promise<FormRow[]> {
  let q = db.selectFrom('forms').select(columns).where('workspace_id', '=', workspaceId);
  if (afterId) q = q.where('id', '>', afterId);
  return (await q.orderBy('id').limit(limit + 1).execute()) as FormRow[];
}

export interface FormWrite {
  name?: string;
  listIds?: number[];
  fields?: FormField[];
  consentText?: string;
  successMessage?: string | null;
  redirectUrl?: string | null;
  enabled?: boolean;
}

function values(w: FormWrite) {
  return {
    name: w.name, list_ids: w.listIds && jsonb(w.listIds), fields: w.fields && jsonb(w.fields), consent_text: w.consentText,
    success_message: w.successMessage, redirect_url: w.redirectUrl, enabled: w.enabled,
  };
}

export async function insertForm(db: Executor, workspaceId: number, w: Required<FormWrite>): Promise<number> {
  return (await db.insertInto('forms').values({ workspace_id: workspaceId, ...values(w) } as never).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateForm(db: Executor, workspaceId: number, id: number, w: FormWrite) {
  await db.updateTable('forms').set({ ...values(w), updated_at: new Date() } as never).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteForm(db: Executor, workspaceId: number, id: number) {
  await db.deleteFrom('forms').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function countSubmission(db: Executor, id: number) {
  await db.updateTable('forms').set({ submissions: sql`submissions + 1` }).where('id', '=', id).execute();
}
