import type { RawBuilder } from 'kysely';
import { jsonb, textArray } from '../db/executor.js';
import type { CustomValues } from '../db/schema.js';

/**
 * Insert/update values of a record with `tags text[]` and `custom jsonb` columns (contacts,
 * companies): both are sent through casts so the PGlite and pg drivers serialise them alike.
 */
export function recordValues<W extends { tags?: string[]; custom?: CustomValues }>(write: W) {
  const { tags, custom, ...columns } = write;
  const encoded: { tags?: RawBuilder<string[]>; custom?: ReturnType<typeof jsonb> } = {};
  if (tags) encoded.tags = textArray(tags);
  if (custom) encoded.custom = jsonb(custom);
  return { ...columns, ...encoded };
}
