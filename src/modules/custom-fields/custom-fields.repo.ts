import { sql } from 'kysely';
import { jsonb, type Executor } from '../../db/executor.js';
import type { CreateCustomFieldInput, CustomFieldEntity, UpdateCustomFieldInput } from './custom-fields.schema.js';

const columns = ['id', 'entity', 'key', 'label', 'type', 'options', 'required', 'position'] as const;

export function listFieldDefinitions(db: Executor, workspaceId: number, entity?: CustomFieldEntity) {
  let q = db.selectFrom('custom_fields').select(columns).where('workspace_id', '=', workspaceId);
  if (entity) q = q.where('entity', '=', entity);
  return q.orderBy('entity').orderBy('position').orderBy('id').execute();
}
export type FieldDefinition = Awaited<ReturnType<typeof listFieldDefinitions>>[number];

export function findFieldDefinition(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('custom_fields').select(columns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export function insertFieldDefinition(db: Executor, workspaceId: number, input: CreateCustomFieldInput) {
  return db
    .insertInto('custom_fields')
    .values({
      workspace_id: workspaceId, entity: input.entity, key: input.key, label: input.label, type: input.type,
      options: jsonb(input.options), required: input.required,
      position: sql<number>`(select coalesce(max(position), 0) + 1 from custom_fields where workspace_id = ${workspaceId} and entity = ${input.entity})`,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'entity', 'key']).doNothing())
    .returning(columns)
    .executeTakeFirst();
}

export function updateFieldDefinition(db: Executor, workspaceId: number, id: number, patch: UpdateCustomFieldInput) {
  return db
    .updateTable('custom_fields')
    .set({
      ...(patch.label !== undefined ? { label: patch.label } : {}),
      ...(patch.required !== undefined ? { required: patch.required } : {}),
      ...(patch.options !== undefined ? { options: jsonb(patch.options) } : {}),
      ...(patch.label === undefined && patch.required === undefined && patch.options === undefined ? { label: sql<string>`label` } : {}), // `PATCH {}`: an empty SET is a syntax error
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
}

export function deleteFieldDefinition(db: Executor, workspaceId: number, id: number) {
  return db.deleteFrom('custom_fields').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Removes a deleted field's values, so a later field with the same key starts empty. */
export async function dropFieldValues(db: Executor, workspaceId: number, entity: CustomFieldEntity, key: string) {
  const table = entity === 'contact' ? 'contacts' : entity === 'deal' ? 'deals' : 'companies';
  await db
    .updateTable(table)
    .set({ custom: sql`custom - ${key}::text` })
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`custom ? ${key}::text`)
    .execute();
}

/** Values of a select option being removed, to refuse it while records still use it. */
export async function countOptionUse(db: Executor, workspaceId: number, entity: CustomFieldEntity, key: string, option: string) {
  const table = entity === 'contact' ? 'contacts' : entity === 'deal' ? 'deals' : 'companies';
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([
      eb(sql`custom`, '@>', jsonb({ [key]: option })),
      eb(sql`custom`, '@>', jsonb({ [key]: [option] })),
    ]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
