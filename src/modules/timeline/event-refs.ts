import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { Permission } from '../auth/permissions.js';
import type { EventReader } from './event-access.js';

/**
 * Ids in timeline events shown as names ("Changed owner: Ada → Bob", "Subscribed to Newsletter").
 * Names are looked up now (a renamed list shows its current name) and only for what the reader
 * may read: a user without lists:read gets no list name, a sales user limited to their own deals
 * gets no title of another's deal. The web app falls back to the name stored in the event, or
 * to "a list" / "a deal", never to a raw id.
 */
export type RefKind = 'user' | 'company' | 'contact' | 'list' | 'deal' | 'import' | 'ticket';
/** Keys are `${kind}:${id}` ("user:3"). */
export type EventRefs = Record<string, string>;

interface RefEvent {
  kind: string;
  data: Record<string, unknown>;
}

const FIELD_REFS: Record<string, RefKind> = { ownerId: 'user', companyId: 'company' };
const ID_PROPS: Record<string, RefKind> = { listId: 'list', dealId: 'deal', contactId: 'contact', importId: 'import', ticketId: 'ticket', intoTicketId: 'ticket' };

const asId = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : typeof v === 'string' && /^[1-9]\d{0,15}$/.test(v) ? Number(v) : null);

/** The (kind, id) pairs one event names. */
export function refsOf(e: RefEvent): [RefKind, number][] {
  const out: [RefKind, number][] = [];
  const push = (kind: RefKind, v: unknown) => {
    const id = asId(v);
    if (id !== null) out.push([kind, id]);
  };
  const d = e.data ?? {};
  if ((e.kind === 'field_changed' || e.kind === 'deal_field_changed') && typeof d.field === 'string' && FIELD_REFS[d.field]) {
    push(FIELD_REFS[d.field], d.before);
    push(FIELD_REFS[d.field], d.after);
  }
  for (const [prop, kind] of Object.entries(ID_PROPS)) push(kind, d[prop]);
  if (Array.isArray(d.listIds)) for (const id of d.listIds.slice(0, 50)) push('list', id);
  return out;
}

type NameLookup = (db: Executor, workspaceId: number, ids: number[]) => Promise<{ id: number; name: string | null }[]>;

/** Tables whose rows are named by one column; ids come from the page (bounded), so an IN list. */
const named = (table: 'users' | 'companies' | 'contacts' | 'lists' | 'imports' | 'tickets', column: string, permission: Permission) => ({
  may: (r: EventReader) => r.may(permission),
  find: (): NameLookup => async (db, ws, ids) =>
    (await sql<{ id: number; name: string | null }>`select id, ${sql.ref(column)} as name from ${sql.table(table)} where workspace_id = ${ws} and id in (${sql.join(ids)})`.execute(db)).rows,
});

const lookups: Record<RefKind, { may: (r: EventReader) => boolean; find: (r: EventReader) => NameLookup }> = {
  user: named('users', 'name', 'users:read'),
  company: named('companies', 'name', 'companies:read'),
  contact: named('contacts', 'full_name', 'contacts:read'),
  list: named('lists', 'name', 'lists:read'),
  import: named('imports', 'filename', 'imports:run'),
  ticket: named('tickets', 'subject', 'tickets:read'),
  deal: {
    may: (r) => r.may('deals:read'),
    find: (r) => (db, ws, ids) => {
      const owner = r.onlyDealsOwnedBy;
      if (owner === null) return Promise.resolve([]); // an actor who owns no deals reads no titles
      let q = db.selectFrom('deals').select(['id', 'title as name']).where('workspace_id', '=', ws).where('id', 'in', ids);
      if (owner !== undefined) q = q.where('owner_id', '=', owner);
      return q.execute();
    },
  },
};

/** One query per kind of reference on the page (a page holds at most a few hundred events). */
export async function resolveEventRefs(db: Executor, reader: EventReader, workspaceId: number, events: RefEvent[]): Promise<EventRefs[]> {
  const perEvent = events.map(refsOf);
  const wanted = new Map<RefKind, Set<number>>();
  for (const refs of perEvent) for (const [kind, id] of refs) if (lookups[kind].may(reader)) (wanted.get(kind) ?? wanted.set(kind, new Set()).get(kind)!).add(id);
  const names = new Map<string, string>();
  for (const [kind, ids] of wanted) {
    const rows = await lookups[kind].find(reader)(db, workspaceId, [...ids]);
    for (const row of rows) if (row.name) names.set(`${kind}:${Number(row.id)}`, row.name);
  }
  return perEvent.map((refs) => {
    const out: EventRefs = {};
    for (const [kind, id] of refs) {
      const name = names.get(`${kind}:${id}`);
      if (name !== undefined) out[`${kind}:${id}`] = name;
    }
    return out;
  });
}
