import { randomUUID } from 'node:crypto';
import type { AppContext } from '../src/context.js';
import type { Role } from '../src/db/schema.js';
import { createApiKey } from '../src/modules/api-keys/api-keys.service.js';
import { insertWorkspace } from '../src/modules/auth/auth.repo.js';
import { createUserRow, openSession } from '../src/modules/auth/auth.service.js';
import type { Actor } from '../src/modules/auth/permissions.js';
import { hashPassword } from '../src/lib/crypto.js';

export const PASSWORD = 'correct horse battery';
let passwordHash: string | undefined;

export interface TestUser {
  actor: Actor;
  email: string;
  cookie: string;
  headers: { cookie: string };
}

export interface TestWorkspace {
  id: number;
  owner: TestUser;
  /** Creates (once) a user of the role and returns it, logged in. */
  as(role: Role): Promise<TestUser>;
  apiKey(role?: Role): Promise<string>;
}

/** A new workspace with an owner; unique emails so files can share one PostgreSQL. */
export async function newWorkspace(ctx: AppContext, name = 'Test workspace'): Promise<TestWorkspace> {
  passwordHash ??= await hashPassword(PASSWORD);
  const ws = await insertWorkspace(ctx.db, name);
  const users = new Map<Role, TestUser>();
  const makeUser = async (role: Role): Promise<TestUser> => {
    const email = `${role}-${randomUUID().slice(0, 8)}@test.example`;
    const user = await createUserRow(ctx.db, { workspaceId: ws.id, email, name: `${role} user`, role, passwordHash: passwordHash! });
    const token = await openSession({ ctx, workspaceId: ws.id, userId: user.id });
    const cookie = `rapport_session=${token}`;
    return { actor: { workspaceId: ws.id, role, userId: user.id, apiKeyId: null, label: `user:${email}` }, email, cookie, headers: { cookie } };
  };
  const owner = await makeUser('owner');
  users.set('owner', owner);
  return {
    id: ws.id,
    owner,
    async as(role) {
      if (!users.has(role)) users.set(role, await makeUser(role));
      return users.get(role)!;
    },
    async apiKey(role = 'admin') {
      return (await createApiKey({ ctx, actor: owner.actor, name: `key-${role}`, role })).token;
    },
  };
}
