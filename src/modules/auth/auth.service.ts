import type { AppContext } from '../../context.js';
import { AppError, ErrorCode } from '../../lib/app-error.js';
import { hashPassword, newToken, sha256, verifyPassword } from '../../lib/crypto.js';
import { resolveApiKeyActor } from '../api-keys/api-key-auth.js';
import { insertAudit } from '../audit/audit.repo.js';
import * as repo from './auth.repo.js';
import type { SetupInput } from './auth.schema.js';
import type { LoginThrottle } from './login-throttle.js';
import { assertPasswordPolicy } from './password-policy.js';
import { permissionsOf, type Actor } from './permissions.js';
import { defaultCurrency } from '../workspaces/workspaces.service.js';

export const SESSION_COOKIE = 'rapport_session';
export const API_KEY_PREFIX = 'rk_';

export async function isSetupNeeded(options: { ctx: AppContext }): Promise<boolean> {
  return (await repo.countWorkspaces(options.ctx.db)) === 0;
}

/** First run: creates the workspace and its owner. Refused once any workspace exists. */
export async function setupWorkspace(options: { ctx: AppContext; input: SetupInput }) {
  const { ctx, input } = options;
  assertPasswordPolicy(input.password);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (trx) => {
    // Serialise concurrent first-run requests so exactly one creates the workspace.
    await repo.lockWorkspaces(trx);
    if ((await repo.countWorkspaces(trx)) > 0) throw AppError.conflict('This installation is already set up');
    const workspace = await repo.insertWorkspace(trx, input.workspaceName);
    const user = await createUserRow(trx, { workspaceId: workspace.id, email: input.email, name: input.name, role: 'owner', passwordHash });
    const actor: Actor = { workspaceId: workspace.id, role: 'owner', userId: user.id, apiKeyId: null, label: `user:${user.email}` };
    await insertAudit(trx, actor, { entity: 'workspace', entityId: workspace.id, action: 'create', after: { name: workspace.name } });
    await insertAudit(trx, actor, { entity: 'user', entityId: user.id, action: 'create', after: { email: user.email, role: 'owner' } });
    return { workspace, user };
  });
}

export async function createUserRow(
  db: Parameters<typeof repo.insertUser>[0],
  row: Parameters<typeof repo.insertUser>[1],
) {
  if (await repo.findUserByEmail(db, row.email)) {
    throw AppError.invalid({ path: 'email', message: 'a user with this email already exists' });
  }
  const user = await repo.insertUser(db, row);
  await repo.insertMembership(db, { workspaceId: row.workspaceId, userId: user.id, role: row.role });
  return user;
}

// Unknown emails are checked against this hash (made once, with the current scrypt parameters),
// so that "no such user" costs the same scrypt work as "wrong password" and timing tells nothing.
let dummyHash: Promise<string> | undefined;
const dummyPasswordHash = () => (dummyHash ??= hashPassword(newToken()));

/**
 * Checks a password and opens a session; returns the raw token for the cookie. `client` is the
 * caller's address: failures are counted per account and address (see login-throttle.ts).
 */
export async function login(options: { ctx: AppContext; email: string; password: string; client: string; throttle: LoginThrottle }) {
  const { ctx, email, password, client, throttle } = options;
  const wait = throttle.retryAfter(email, client);
  if (wait > 0) {
    throw new AppError(ErrorCode.RATE_LIMITED, `Too many failed logins for this account from your address; try again in ${wait} seconds`, { retryAfter: wait });
  }
  const user = await repo.findUserByEmail(ctx.db, email);
  const stored = user?.password_hash ?? null;
  const ok = (await verifyPassword(password, stored ?? (await dummyPasswordHash()))) && stored !== null;
  const workspaceId = user && ok ? await repo.firstActiveWorkspace(ctx.db, user.id, user.workspace_id) : undefined;
  if (!user || workspaceId === undefined) {
    throttle.failed(email, client);
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'Wrong email or password');
  }
  throttle.succeeded(email, client);
  const token = await openSession({ ctx, workspaceId, userId: user.id });
  return { token, user };
}

export async function openSession(options: { ctx: AppContext; workspaceId: number; userId: number }): Promise<string> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + options.ctx.config.SESSION_DAYS * 86_400_000);
  await repo.insertSession(options.ctx.db, { workspaceId: options.workspaceId, userId: options.userId, tokenHash: sha256(token), expiresAt });
  return token;
}

export async function logout(options: { ctx: AppContext; token: string }) {
  await repo.deleteSession(options.ctx.db, sha256(options.token));
}

/** Resolves a session cookie or a Bearer API key into an Actor; null when neither is valid. */
export async function resolveActor(options: { ctx: AppContext; sessionToken?: string; bearer?: string }): Promise<Actor | null> {
  const { ctx, sessionToken, bearer } = options;
  if (bearer) return resolveApiKeyActor({ ctx, bearer });
  if (sessionToken) {
    const s = await repo.findSessionActor(ctx.db, sha256(sessionToken));
    if (!s || s.disabled || s.expiresAt < new Date()) return null;
    return { workspaceId: s.workspaceId, role: s.role, userId: s.userId, apiKeyId: null, label: `user:${s.email}` };
  }
  return null;
}

export async function describeActor(options: { ctx: AppContext; actor: Actor }) {
  const { ctx, actor } = options;
  const workspace = await repo.findWorkspace(ctx.db, actor.workspaceId);
  if (!workspace) throw AppError.notFound('Workspace');
  const user = actor.userId
    ? await repo.findUserById(ctx.db, actor.workspaceId, actor.userId)
    : undefined;
  return {
    user: { id: user?.id ?? null, email: user?.email ?? null, name: user?.name ?? actor.label, role: actor.role },
    workspace: { ...workspace, defaultCurrency: await defaultCurrency(ctx.db, actor.workspaceId) },
    permissions: permissionsOf(actor.role),
  };
}

/** The HMAC key for signed links: SECRET_KEY when set, else one generated and kept in the database. */
export async function loadSecret(options: { ctx: Pick<AppContext, 'db' | 'config'> }): Promise<string> {
  if (options.ctx.config.SECRET_KEY) return options.ctx.config.SECRET_KEY;
  return repo.getOrCreateSetting(options.ctx.db, 'secret_key', () => newToken());
}
