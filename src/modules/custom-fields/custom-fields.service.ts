import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { builtInClashes } from './built-in-fields.js';
import * as repo from './custom-fields.repo.js';
import type { CreateCustomFieldInput, CustomFieldEntity, UpdateCustomFieldInput } from './custom-fields.schema.js';

const present = (d: repo.FieldDefinition) => ({ id: d.id, entity: d.entity, key: d.key, label: d.label, type: d.type, options: d.options as string[], required: d.required });

export async function listCustomFields(options: { ctx: AppContext; actor: Actor; entity?: CustomFieldEntity }) {
  const { ctx, actor, entity } = options;
  requirePermission(actor, 'contacts:read');
  return { data: (await repo.listFieldDefinitions(ctx.db, actor.workspaceId, entity)).map(present) };
}

export async function createCustomField(options: { ctx: AppContext; actor: Actor; input: CreateCustomFieldInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'custom_fields:manage');
  const clashes = builtInClashes(input.entity, input.key, input.label);
  if (clashes.length) throw AppError.invalid(clashes);
  return ctx.db.transaction().execute(async (trx) => {
    const def = await repo.insertFieldDefinition(trx, actor.workspaceId, input);
    if (!def) throw AppError.invalid({ path: 'key', message: `a ${input.entity} field with key "${input.key}" already exists` });
    await insertAudit(trx, actor, { entity: 'custom_field', entityId: def.id, action: 'create', after: present(def) });
    return present(def);
  });
}

export async function updateCustomField(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateCustomFieldInput }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'custom_fields:manage');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findFieldDefinition(trx, actor.workspaceId, id);
    if (!before) throw AppError.notFound('Custom field');
    const clashes = builtInClashes(before.entity as CustomFieldEntity, undefined, input.label);
    if (clashes.length) throw AppError.invalid(clashes);
    if (input.options) {
      if (before.type !== 'select' && before.type !== 'multiselect') throw AppError.invalid({ path: 'options', message: `a ${before.type} field takes no options` });
      if (input.options.length === 0) throw AppError.invalid({ path: 'options', message: 'a select field needs at least one option' });
      // Removing an option still in use would leave records with values no one can pick.
      for (const removed of (before.options as string[]).filter((o) => !input.options!.includes(o))) {
        const used = await repo.countOptionUse(trx, actor.workspaceId, before.entity as CustomFieldEntity, before.key, removed);
        if (used > 0) throw AppError.invalid({ path: 'options', message: `option "${removed}" is still used by ${used} record(s)` });
      }
    }
    const after = await repo.updateFieldDefinition(trx, actor.workspaceId, id, input);
    await insertAudit(trx, actor, { entity: 'custom_field', entityId: id, action: 'update', before: present(before), after: present(after!) });
    return present(after!);
  });
}

export async function deleteCustomField(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'custom_fields:manage');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findFieldDefinition(trx, actor.workspaceId, id);
    if (!before) throw AppError.notFound('Custom field');
    await repo.deleteFieldDefinition(trx, actor.workspaceId, id);
    await repo.dropFieldValues(trx, actor.workspaceId, before.entity as CustomFieldEntity, before.key);
    await insertAudit(trx, actor, { entity: 'custom_field', entityId: id, action: 'delete', before: present(before) });
  });
}
