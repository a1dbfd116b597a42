import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { SendingAccountsTable, SendingDomainsTable } from '../../db/schema-email.js';

// The write path of sending accounts and domains; the delivery module reads them for sending.
const accountColumns = ['id', 'name', 'host', 'port', 'security', 'username', 'password_encrypted', 'max_per_second', 'max_connections', 'from_domain', 'weight', 'enabled', 'created_at', 'updated_at'] as const;
const domainColumns = ['id', 'domain', 'dkim_selector', 'dkim_public_key', 'dns_status', 'verified_at', 'checked_at', 'created_at'] as const;

export function findAccount(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('sending_accounts').select(accountColumns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}
export type AccountRow = NonNullable<Awaited<ReturnType<typeof findAccount>>>;

/** A workspace has a handful of accounts: bounded, ordered by id. */
export function listAccounts(db: Executor, workspaceId: number) {
  return db.selectFrom('sending_accounts').select(accountColumns).where('workspace_id', '=', workspaceId).orderBy('id').limit(200).execute();
}

export async function insertAccount(db: Executor, values: Insertable<SendingAccountsTable>): Promise<number> {
  return (await db.insertInto('sending_accounts').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateAccount(db: Executor, workspaceId: number, id: number, values: Updateable<SendingAccountsTable>) {
  await db.updateTable('sending_accounts').set({ ...values, updated_at: new Date() }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteAccount(db: Executor, workspaceId: number, id: number) {
  await db.deleteFrom('sending_accounts').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export function findDomain(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('sending_domains').select(domainColumns).where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}
export type DomainRow = NonNullable<Awaited<ReturnType<typeof findDomain>>>;

export function findDomainByName(db: Executor, workspaceId: number, domain: string) {
  return db.selectFrom('sending_domains').select(['id', 'verified_at']).where('workspace_id', '=', workspaceId).where('domain', '=', domain.toLowerCase()).executeTakeFirst();
}

export function listDomains(db: Executor, workspaceId: number) {
  return db.selectFrom('sending_domains').select(domainColumns).where('workspace_id', '=', workspaceId).orderBy('id').limit(200).execute();
}

export async function insertDomain(db: Executor, values: Insertable<SendingDomainsTable>): Promise<number> {
  return (await db.insertInto('sending_domains').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function saveDomainCheck(db: Executor, workspaceId: number, id: number, values: { dns_status: string; verified_at: Date | null; checked_at: Date }) {
  await db.updateTable('sending_domains').set(values).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function deleteDomain(db: Executor, workspaceId: number, id: number) {
  await db.deleteFrom('sending_domains').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export function findPostalAddress(db: Executor, workspaceId: number) {
  return db.selectFrom('workspaces').select('postal_address').where('id', '=', workspaceId).executeTakeFirstOrThrow();
}

export async function savePostalAddress(db: Executor, workspaceId: number, postalAddress: string | null) {
  await db.updateTable('workspaces').set({ postal_address: postalAddress }).where('id', '=', workspaceId).execute();
}
