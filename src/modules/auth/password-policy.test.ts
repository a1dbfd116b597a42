import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { AppError } from '../../lib/app-error.js';
import { createUser } from '../users/users.service.js';
import { setupWorkspace } from './auth.service.js';
import { passwordProblem } from './password-policy.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

const fieldsOf = (body: { error: { details: { fields: { path: string; message: string }[] } } }) => body.error.details.fields;

describe('password policy', () => {
  it('wants at least 10 characters and none of the 10,000 most common passwords', () => {
    expect(passwordProblem('x')).toMatch(/at least 10/);
    expect(passwordProblem('nine char')).toMatch(/at least 10/);
    for (const common of ['1234567890', 'qwertyuiop', 'Basketball', 'PASSWORD', 'password']) expect(passwordProblem(common), common).not.toBeNull();
    expect(passwordProblem('1234567890')).toMatch(/common/);
    expect(passwordProblem('correct horse battery')).toBeNull();
    expect(passwordProblem('x'.repeat(201))).toMatch(/at most 200/);
  });

  it('refuses weak passwords with a 400 naming `password` at setup and at invite acceptance', async () => {
    for (const password of ['short', '1234567890']) {
      const setup = await t.app.inject({ method: 'POST', url: '/api/v1/setup', payload: { workspaceName: 'W', name: 'N', email: 'n@example.com', password } });
      expect(setup.statusCode).toBe(400);
      expect(fieldsOf(setup.json()).map((f) => f.path)).toEqual(['password']);
    }
    const inv = await t.app.inject({ method: 'POST', url: '/api/v1/users/invites', headers: ws.owner.headers, payload: { email: `weak-${Date.now()}@example.com`, role: 'support' } });
    const token = decodeURIComponent(inv.json().link.split('/invite/')[1]);
    const weak = await t.app.inject({ method: 'POST', url: '/api/v1/invites/accept', payload: { token, name: 'Weak', password: 'basketball' } });
    expect(weak.statusCode).toBe(400);
    expect(fieldsOf(weak.json())[0]).toMatchObject({ path: 'password', message: expect.stringMatching(/common/) });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/invites/accept', payload: { token, name: 'Strong', password: 'a long unusual phrase' } })).statusCode).toBe(201);
  });

  it('applies the same policy to users created without the HTTP schemas (the CLI path)', async () => {
    const weak = await createUser({ ctx: t.ctx, actor: ws.owner.actor, email: 'cli@example.com', name: 'Cli', role: 'sales', password: 'x' }).catch((e: unknown) => e);
    expect(weak).toBeInstanceOf(AppError);
    expect((weak as AppError).details).toMatchObject({ fields: [{ path: 'password' }] });
    const setup = await setupWorkspace({ ctx: t.ctx, input: { workspaceName: 'W', name: 'N', email: 'first@example.com', password: 'qwertyuiop' } }).catch((e: unknown) => e);
    expect((setup as AppError).details).toMatchObject({ fields: [{ path: 'password' }] });
  });

  it('makes `rapport users create --password x` fail, naming the password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rapport-pw-'));
    try {
      const env = { ...process.env, DATABASE_URL: '', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' };
      const run = promisify(execFile)('node', ['bin/rapport.js', 'users', 'create', '--email', 'o@example.com', '--password', 'x'], { env, timeout: 60_000 });
      const failed = (await run.then(() => null, (e: { code: number; stderr: string }) => e))!;
      expect(failed).not.toBeNull();
      expect(failed.code).not.toBe(0);
      expect(failed.stderr).toMatch(/password: must be at least 10 characters/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
