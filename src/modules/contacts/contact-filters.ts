import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import { compileRecordFilters, type FilterTable } from '../../lib/list-filters.js';
import type { FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import type { ContactFilter } from './contacts.schema.js';

export { toPrefixTsQuery } from '../../lib/list-filters.js';

/** The contact fields a list filter may name, read from the `c` alias of the contacts query. */
export const CONTACT_FILTER_TABLE: FilterTable = {
  alias: 'c',
  fields: {
    firstName: { kind: 'text', column: 'first_name' },
    lastName: { kind: 'text', column: 'last_name' },
    fullName: { kind: 'text', column: 'full_name' },
    email: { kind: 'text', column: 'email' },
    phone: { kind: 'text', column: 'phone' },
    jobTitle: { kind: 'text', column: 'job_title' },
    birthday: { kind: 'date', column: 'birthday' },
    createdAt: { kind: 'timestamp', column: 'created_at' },
    updatedAt: { kind: 'timestamp', column: 'updated_at' },
  },
};

/** Compiles the list filters into one WHERE expression; every field and operator is checked. */
export function compileFilters(_eb: ExpressionBuilder<DB & { c: DB['contacts'] }, 'c'>, filters: ContactFilter[], defs: FieldDefinition[]): Expression<SqlBool>[] {
  return compileRecordFilters(CONTACT_FILTER_TABLE, filters, defs);
}
