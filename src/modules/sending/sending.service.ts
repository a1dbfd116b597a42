import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import { AppError } from '../../lib/app-error.js';
import { sealSecret } from '../../lib/secret-box.js';
import { insertAudit } from '../audit/audit.repo.js';
import { can, requirePermission, type Actor } from '../auth/permissions.js';
import { checkRecords, expectedRecords, resolverFor } from './dns-records.js';
import * as repo from './sending.repo.js';
import type { CreateAccountInput, CreateDomainInput, UpdateAccountInput } from './sending.schema.js';

const generateKeyPairAsync = promisify(generateKeyPair);

function presentAccount(r: repo.AccountRow) {
  return {
    id: r.id, name: r.name, host: r.host, port: r.port, security: r.security, username: r.username,
    // The password never leaves the server, not even sealed.
    hasPassword: r.password_encrypted !== null,
    maxPerSecond: r.max_per_second, maxConnections: r.max_connections, fromDomain: r.from_domain, weight: r.weight,
    enabled: r.enabled, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

async function loadAccount(db: Executor, actor: Actor, id: number) {
  const row = await repo.findAccount(db, actor.workspaceId, id);
  if (!row) throw AppError.notFound('Sending account');
  return row;
}

function accountWrite(ctx: AppContext, input: UpdateAccountInput) {
  return {
    name: input.name, host: input.host, port: input.port, security: input.security, username: input.username,
    password_encrypted: input.password === undefined ? undefined : input.password === null ? null : sealSecret(ctx.secret, 'smtp-password', input.password),
    max_per_second: input.maxPerSecond, max_connections: input.maxConnections, from_domain: input.fromDomain, weight: input.weight, enabled: input.enabled,
  };
}

export async function listSendingAccounts(options: { ctx: AppContext; actor: Actor }) {
  requirePermission(options.actor, 'sending:manage');
  return { data: (await repo.listAccounts(options.ctx.db, options.actor.workspaceId)).map(presentAccount) };
}

export async function createSendingAccount(options: { ctx: AppContext; actor: Actor; input: CreateAccountInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'sending:manage');
  return ctx.db.transaction().execute(async (trx) => {
    const w = accountWrite(ctx, input);
    const id = await repo.insertAccount(trx, { ...w, workspace_id: actor.workspaceId, name: input.name, host: input.host, port: input.port, password_encrypted: w.password_encrypted ?? null });
    const out = presentAccount((await repo.findAccount(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'sending_account', entityId: id, action: 'create', after: out });
    return out;
  });
}

export async function updateSendingAccount(options: { ctx: AppContext; actor: Actor; id: number; input: UpdateAccountInput }) {
  const { ctx, actor, id, input } = options;
  requirePermission(actor, 'sending:manage');
  return ctx.db.transaction().execute(async (trx) => {
    const before = presentAccount(await loadAccount(trx, actor, id));
    await repo.updateAccount(trx, actor.workspaceId, id, accountWrite(ctx, input));
    const after = presentAccount((await repo.findAccount(trx, actor.workspaceId, id))!);
    await insertAudit(trx, actor, { entity: 'sending_account', entityId: id, action: 'update', before, after });
    return after;
  });
}

export async function deleteSendingAccount(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'sending:manage');
  await ctx.db.transaction().execute(async (trx) => {
    const before = presentAccount(await loadAccount(trx, actor, id));
    await repo.deleteAccount(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'sending_account', entityId: id, action: 'delete', before });
  });
}

/** SMTP hosts that send for the domain: its SPF record must name them. */
async function hostsFor(ctx: AppContext, actor: Actor, domain: string): Promise<string[]> {
  const accounts = await repo.listAccounts(ctx.db, actor.workspaceId);
  return accounts.filter((a) => a.enabled && (a.from_domain === null || a.from_domain === domain)).map((a) => a.host);
}

async function presentDomain(ctx: AppContext, actor: Actor, r: repo.DomainRow) {
  const records = expectedRecords({ domain: r.domain, selector: r.dkim_selector, publicKey: r.dkim_public_key, smtpHosts: await hostsFor(ctx, actor, r.domain) });
  const status = r.dns_status as Partial<Record<keyof typeof records, { ok: boolean; found: string[]; error?: string }>>;
  return {
    id: r.id, domain: r.domain, dkimSelector: r.dkim_selector, verified: r.verified_at !== null, verifiedAt: r.verified_at, checkedAt: r.checked_at, createdAt: r.created_at,
    records: (Object.keys(records) as Array<keyof typeof records>).map((kind) => ({ kind, ...records[kind], check: status[kind] ?? null })),
  };
}

async function loadDomain(db: Executor, actor: Actor, id: number) {
  const row = await repo.findDomain(db, actor.workspaceId, id);
  if (!row) throw AppError.notFound('Sending domain');
  return row;
}

/** Campaign authors pick a from-domain, so they may list domains (no secret is in them). */
function requireDomainReader(actor: Actor) {
  if (!can(actor, 'campaigns:write')) requirePermission(actor, 'sending:manage');
}

export async function listSendingDomains(options: { ctx: AppContext; actor: Actor }) {
  const { ctx, actor } = options;
  requireDomainReader(actor);
  const rows = await repo.listDomains(ctx.db, actor.workspaceId);
  return { data: await Promise.all(rows.map((r) => presentDomain(ctx, actor, r))) };
}

export async function getSendingDomain(options: { ctx: AppContext; actor: Actor; id: number }) {
  requireDomainReader(options.actor);
  return presentDomain(options.ctx, options.actor, await loadDomain(options.ctx.db, options.actor, options.id));
}

/** Adds a domain with a fresh RSA-2048 DKIM key pair; the private key is stored sealed. */
export async function createSendingDomain(options: { ctx: AppContext; actor: Actor; input: CreateDomainInput }) {
  const { ctx, actor, input } = options;
  requirePermission(actor, 'sending:manage');
  if (await repo.findDomainByName(ctx.db, actor.workspaceId, input.domain)) {
    throw AppError.conflict(`The domain ${input.domain} is already added`, { fields: [{ path: 'domain', message: 'already added' }] });
  }
  // Generated outside the transaction: it takes tens of milliseconds of CPU.
  const keys = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const now = new Date();
  const selector = input.selector ?? `rapport${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const row = await ctx.db.transaction().execute(async (trx) => {
    const id = await repo.insertDomain(trx, {
      workspace_id: actor.workspaceId, domain: input.domain, dkim_selector: selector,
      dkim_public_key: keys.publicKey.toString('base64'),
      dkim_private_key_encrypted: sealSecret(ctx.secret, 'dkim-private-key', keys.privateKey),
    });
    await insertAudit(trx, actor, { entity: 'sending_domain', entityId: id, action: 'create', after: { domain: input.domain, selector } });
    return (await repo.findDomain(trx, actor.workspaceId, id))!;
  });
  return presentDomain(ctx, actor, row);
}

/** Looks the three records up through the configured resolver; all pass → the domain is verified. */
export async function checkSendingDomain(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'sending:manage');
  const row = await loadDomain(ctx.db, actor, id);
  const specs = expectedRecords({ domain: row.domain, selector: row.dkim_selector, publicKey: row.dkim_public_key, smtpHosts: await hostsFor(ctx, actor, row.domain) });
  const checks = await checkRecords(resolverFor(ctx.config.DNS_RESOLVER), specs);
  const ok = Object.values(checks).every((c) => c.ok);
  const now = new Date();
  await repo.saveDomainCheck(ctx.db, actor.workspaceId, id, { dns_status: JSON.stringify(checks), verified_at: ok ? (row.verified_at ?? now) : null, checked_at: now });
  return presentDomain(ctx, actor, (await repo.findDomain(ctx.db, actor.workspaceId, id))!);
}

export async function deleteSendingDomain(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'sending:manage');
  await ctx.db.transaction().execute(async (trx) => {
    const before = await loadDomain(trx, actor, id);
    await repo.deleteDomain(trx, actor.workspaceId, id);
    await insertAudit(trx, actor, { entity: 'sending_domain', entityId: id, action: 'delete', before: { domain: before.domain } });
  });
}

export async function getPostalAddress(options: { ctx: AppContext; actor: Actor }) {
  requireDomainReader(options.actor);
  return { postalAddress: (await repo.findPostalAddress(options.ctx.db, options.actor.workspaceId)).postal_address };
}

export async function setPostalAddress(options: { ctx: AppContext; actor: Actor; postalAddress: string | null }) {
  const { ctx, actor, postalAddress } = options;
  requirePermission(actor, 'sending:manage');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findPostalAddress(trx, actor.workspaceId);
    await repo.savePostalAddress(trx, actor.workspaceId, postalAddress);
    await insertAudit(trx, actor, { entity: 'workspace', entityId: actor.workspaceId, action: 'update', before: { postalAddress: before.postal_address }, after: { postalAddress } });
    return { postalAddress };
  });
}
