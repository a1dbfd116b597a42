import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from './schema.js';

/** A database handle or a transaction: repo functions take either. */
export type Executor = Kysely<DB>;

/** jsonb parameters are sent as text and cast, so arrays are never mistaken for PostgreSQL arrays. */
export function jsonb(value: unknown): RawBuilder<any> {
  return sql`${JSON.stringify(value ?? null)}::jsonb`;
}

/** text[] parameters, sent as a JSON array so both drivers serialise them the same way. */
export function textArray(values: readonly string[]): RawBuilder<string[]> {
  return sql<string[]>`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;
}
