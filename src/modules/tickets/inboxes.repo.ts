import type { Executor } from '../../db/executor.js';
import type { Role } from '../../db/schema.js';
import type { AssignmentMode } from '../../db/schema-helpdesk.js';

/** What filing mail needs of an inbox. */
export interface InboxRow {
  id: number;
  workspace_id: number;
  address: string;
  assignment: AssignmentMode;
  agent_ids: number[];
}

const inboxColumns = ['id', 'workspace_id', 'address', 'assignment', 'agent_ids'] as const;

/** An address belongs to one inbox in the whole installation (inboxes_address_key): routing needs no workspace. */
export function findInboxByAddress(db: Executor, address: string): Promise<InboxRow | undefined> {
  // A sender's or recipient's address from inbound mail may hold a NUL, which PostgreSQL refuses
  // as a parameter; no inbox's address holds one.
  if (address.includes('\u0000')) return Promise.resolve(undefined);
  return db.selectFrom('inboxes').select(inboxColumns)
    .where((eb) => eb(eb.fn('lower', ['address']), '=', address.trim().toLowerCase())).executeTakeFirst();
}

/** Every inbox's address, lower-cased (inboxes_address_key), at most `limit` + 1 of them. */
export async function inboxAddresses(db: Executor, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('inboxes').select((eb) => eb.fn<string>('lower', ['address']).as('address')).limit(limit + 1).execute();
  return rows.map((r) => r.address);
}

export function findInbox(db: Executor, workspaceId: number, id: number): Promise<InboxRow | undefined> {
  return db.selectFrom('inboxes').select(inboxColumns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function inboxAddress(db: Executor, id: number): Promise<string | undefined> {
  return (await db.selectFrom('inboxes').select('address').where('id', '=', id).executeTakeFirst())?.address;
}

export async function inboxSealedSecret(db: Executor, id: number): Promise<string | null> {
  return (await db.selectFrom('inboxes').select('webhook_secret_sealed').where('id', '=', id).executeTakeFirst())?.webhook_secret_sealed ?? null;
}

export function listInboxes(db: Executor, workspaceId: number) {
  return db.selectFrom('inboxes').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').limit(200).execute();
}

export interface InboxWrite {
  name?: string;
  address?: string;
  assignment?: AssignmentMode;
  agentIds?: number[];
}

const columnsOf = (w: InboxWrite) => ({
  ...(w.name ? { name: w.name } : {}), ...(w.address ? { address: w.address } : {}), ...(w.assignment ? { assignment: w.assignment } : {}),
  ...(w.agentIds ? { agent_ids: JSON.stringify([...new Set(w.agentIds)]) } : {}),
});

export function insertInbox(db: Executor, workspaceId: number, w: Required<InboxWrite>, sealedSecret: string) {
  return db.insertInto('inboxes').values({ workspace_id: workspaceId, name: w.name, address: w.address, webhook_secret_sealed: sealedSecret, ...columnsOf(w) })
    .returningAll().executeTakeFirstOrThrow();
}

export function updateInbox(db: Executor, workspaceId: number, id: number, w: InboxWrite) {
  return db.updateTable('inboxes').set(columnsOf(w)).where('workspace_id', '=', workspaceId).where('id', '=', id).returningAll().executeTakeFirst();
}

/** How many of `userIds` are members of the workspace. */
export async function countMembers(db: Executor, workspaceId: number, userIds: number[]): Promise<number> {
  if (userIds.length === 0) return 0;
  return (await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', 'in', userIds).execute()).length;
}

/** An active member's role in the workspace. */
export async function activeMemberRole(db: Executor, workspaceId: number, userId: number): Promise<Role | undefined> {
  return (await db.selectFrom('memberships').select('role').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).where('disabled', '=', false).executeTakeFirst())?.role;
}
