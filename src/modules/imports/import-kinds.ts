import type { Executor } from '../../db/executor.js';
import type { ImportKind } from '../../db/schema.js';
import type { Permission } from '../auth/permissions.js';
import { listFieldDefinitions } from '../custom-fields/custom-fields.repo.js';
import type { customFieldEntities } from '../custom-fields/custom-fields.schema.js';
import { ORDER_IMPORT_FIELDS } from '../orders/order-import.js';

export const IMPORT_KINDS = ['contacts', 'companies', 'deals', 'orders'] as const satisfies readonly ImportKind[];

export const CONTACT_IMPORT_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'jobTitle', 'birthday', 'company', 'owner', 'tags'] as const;
export const COMPANY_IMPORT_FIELDS = ['name', 'domain', 'phone', 'industry', 'owner', 'tags'] as const;
export const DEAL_IMPORT_FIELDS = ['title', 'pipeline', 'stage', 'amount', 'currency', 'closeDate', 'company', 'contact', 'owner', 'tags'] as const;

/** What differs between the kinds of import; everything else (upload, checkpoints, errors) is one engine. */
export interface ImportKindSpec {
  fields: readonly string[];
  /** Whose custom fields a `custom.<key>` column fills; null where the records have none. */
  entity: (typeof customFieldEntities)[number] | null;
  /** Besides imports:run, to write these records. */
  permission: Permission;
  /**
   * The field that names a record in a file: a value on two rows is a repeat the user decides about.
   * Null where a repeat is no question: deals have no key, and an order's id is on each of its line rows.
   */
  key: string | null;
  /** Built-in fields holding dates (custom date fields are added from the definitions). */
  dateFields: readonly string[];
  /** Modes that make sense: deals have no natural key to update by; orders are upserted by id and version, as through the API. */
  modes: readonly ('create' | 'update' | 'upsert')[];
  noun: string;
}

export const IMPORT_KIND_SPECS: Record<ImportKind, ImportKindSpec> = {
  contacts: { fields: CONTACT_IMPORT_FIELDS, entity: 'contact', permission: 'contacts:write', key: 'email', dateFields: ['birthday'], modes: ['create', 'update', 'upsert'], noun: 'contact' },
  companies: { fields: COMPANY_IMPORT_FIELDS, entity: 'company', permission: 'companies:write', key: 'domain', dateFields: [], modes: ['create', 'update', 'upsert'], noun: 'company' },
  deals: { fields: DEAL_IMPORT_FIELDS, entity: 'deal', permission: 'deals:write', key: null, dateFields: ['closeDate'], modes: ['create'], noun: 'deal' },
  // Order dates are ISO (as shops export them), read by the order importer, so no format is asked.
  orders: { fields: ORDER_IMPORT_FIELDS, entity: null, permission: 'orders:write', key: null, dateFields: [], modes: ['upsert'], noun: 'order' },
};

/** The custom fields a kind's `custom.<key>` columns may fill. */
export async function kindFieldDefinitions(db: Executor, workspaceId: number, kind: ImportKind) {
  const { entity } = IMPORT_KIND_SPECS[kind];
  return entity ? listFieldDefinitions(db, workspaceId, entity) : [];
}
