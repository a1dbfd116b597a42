import type { Executor } from '../../db/executor.js';
import { can, type Actor, type Permission } from '../auth/permissions.js';
import { dealScope } from '../deals/deal-access.js';
import { EVENT_KINDS, REGISTERED_KINDS, eventKindSpec, type EventKindSpec } from './event-kinds.js';

/**
 * What one actor may read of the timeline, from the registry (event-kinds.ts): the timeline
 * and segment conditions both ask this, so they cannot disagree.
 */
export interface EventReader {
  may(permission: Permission): boolean;
  /**
   * Set when the actor sees only the deals they own (a sales user without salesSeeAllDeals):
   * events of deal-scoped kinds that name another deal are invisible to them. `null` is an
   * actor owning none (an API key of the sales role). Absent: every deal.
   */
  onlyDealsOwnedBy?: number | null;
}

export async function eventReaderOf(db: Executor, actor: Actor): Promise<EventReader> {
  const may = (p: Permission) => can(actor, p);
  if (!may('deals:read')) return { may };
  const scope = await dealScope(db, actor);
  return scope.all ? { may } : { may, onlyDealsOwnedBy: scope.ownerId };
}

/** Every permission, every deal: for system work (benchmarks, tests of the compiler itself). */
export const SYSTEM_READER: EventReader = { may: () => true };

/** The permission the reader lacks to read a kind's events, or null when it may read them. */
export function missingPermission(reader: EventReader, spec: EventKindSpec): Permission | null {
  return reader.may(spec.permission) ? null : spec.permission;
}

/** Whether the reader's view of this kind is cut to some deals (the events are row-scoped). */
export function isRowScoped(reader: EventReader, spec: EventKindSpec): boolean {
  return Boolean(spec.dealScoped) && reader.onlyDealsOwnedBy !== undefined;
}

/** The declared kinds the reader may see on a timeline (custom kinds follow contacts:read). */
export function readableKinds(reader: EventReader): string[] {
  return REGISTERED_KINDS.filter((k) => reader.may(EVENT_KINDS[k].permission));
}

const GROUPS: Partial<Record<Permission, string>> = { 'notes:read': 'Notes', 'deals:read': 'Deals', 'activities:read': 'Activities', 'lists:read': 'Lists', 'companies:read': 'Company', 'orders:read': 'Orders' };

/**
 * The declared kinds the reader may read, with the properties it may read, for pickers (the
 * segment builder). `openData`: other properties may be tested too.
 */
export function readableEventKinds(reader: EventReader) {
  return readableKinds(reader).map((kind) => {
    const spec = EVENT_KINDS[kind as keyof typeof EVENT_KINDS] as EventKindSpec;
    const properties = Object.entries(spec.properties).filter(([, p]) => !p.permission || reader.may(p.permission)).map(([name, p]) => ({ name, type: p.type }));
    return { kind, label: spec.label, group: GROUPS[spec.permission] ?? (spec.openData ? 'Marketing' : 'Contact'), openData: Boolean(spec.openData), properties };
  });
}

/** An event's data without the properties the reader may not read (an activity's deal id). */
export function readableData(reader: EventReader, kind: string, data: Record<string, unknown>): Record<string, unknown> {
  const spec = eventKindSpec(kind);
  if (!spec) return {};
  const hidden = Object.entries(spec.properties).filter(([name, p]) => name in data && p.permission && !reader.may(p.permission));
  if (hidden.length === 0) return data;
  const out = { ...data };
  for (const [name] of hidden) delete out[name];
  return out;
}
