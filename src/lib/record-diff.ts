import type { CustomValues } from '../db/schema.js';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * The field changes a write makes to a stored record, for the timeline and the audit log: each
 * tracked column (column → API field name) the write sets to a new value, then each custom key.
 */
export function diffRecord<W extends { custom?: CustomValues }>(
  before: { custom: CustomValues },
  write: W,
  tracked: readonly (readonly [keyof W & string, string])[],
): FieldChange[] {
  const stored = before as unknown as Record<string, unknown>;
  const changes: FieldChange[] = tracked
    .filter(([column]) => column in write)
    .map(([column, field]) => ({ field, before: stored[column] ?? null, after: write[column] ?? null }))
    .filter((c) => c.before !== c.after);
  if (!write.custom) return changes;
  const custom = write.custom;
  for (const key of new Set([...Object.keys(before.custom), ...Object.keys(custom)])) {
    const [a, b] = [before.custom[key] ?? null, custom[key] ?? null];
    if (JSON.stringify(a) !== JSON.stringify(b)) changes.push({ field: `custom.${key}`, before: a, after: b });
  }
  return changes;
}

/** Tags a write adds and removes; `after` undefined means the write leaves tags alone. */
export function diffTags(before: string[], after: string[] | undefined): { added: string[]; removed: string[] } {
  const next = after ?? before;
  return { added: next.filter((t) => !before.includes(t)), removed: before.filter((t) => !next.includes(t)) };
}
