import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../test/factories.js';
import { closeContext } from '../boot.js';
import type { AppContext } from '../context.js';
import { resolveActor } from '../modules/auth/auth.service.js';
import { findUserByEmail } from '../modules/auth/auth.repo.js';
import { ControlClient, remoteOps } from './control-client.js';
import { startControlServer, type ControlServer } from './control-server.js';
import { acquireDataDirLock, readLiveOwner, type DataDirLock } from './data-dir-lock.js';
import type { ImportProgress, RapportOps } from './operations.js';

// The operations of `rapport` commands as a server runs them for a CLI on its control socket.
// The socket and lock need a directory; the database is the test one (PGlite or PostgreSQL).
const root = mkdtempSync(join(tmpdir(), 'rapport-control-test-'));
const longDir = join(root, 'a-data-dir-whose-path-is-longer-than-a-unix-socket-address-may-be'.repeat(2));
let ctx: AppContext;
let ws: TestWorkspace;
const servers: { lock: DataDirLock; control: ControlServer }[] = [];

async function serve(dir: string, queueImports: boolean): Promise<RapportOps> {
  const lock = await acquireDataDirLock(dir, { role: 'server', command: 'serve' });
  const control = await startControlServer({ ctx, lock, queueImports });
  servers.push({ lock, control });
  return remoteOps(new ControlClient(control.socket));
}

beforeAll(async () => {
  ctx = await createTestContext({ workers: true });
  ws = await newWorkspace(ctx, 'Control');
  await newWorkspace(ctx, 'Another'); // so every operation has to name its workspace
});
afterAll(async () => {
  for (const { lock, control } of servers) {
    await control.close();
    lock.release();
  }
  await closeContext(ctx);
  rmSync(root, { recursive: true, force: true });
});

/** A CSV of `rows` contacts and one bad row, padded so that it spans several stored chunks. */
function csv(rows: number, tag: string): Readable {
  const pad = 'x'.repeat(100);
  return Readable.from((function* () {
    yield 'Email,First name,Ignored\n';
    for (let i = 0; i < rows; i++) yield `${tag}${i}@control.example,P${i},${pad}\n`;
    yield 'not-an-email,Bad,\n';
  })());
}

describe(`control socket (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let ops: RapportOps;
  beforeAll(async () => {
    ops = await serve(longDir, true);
  });

  it('listens on a 0600 socket, in a private temporary dir when the data dir path is too long, named in the lock', () => {
    const socket = servers[0].control.socket;
    expect(socket.startsWith(longDir)).toBe(false);
    expect(Buffer.byteLength(socket)).toBeLessThanOrEqual(107);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(readLiveOwner(servers[0].lock.dataDir)?.socket).toBe(socket);
  });

  it('creates an API key that the server then accepts, and refuses bad input naming the option', async () => {
    const message = await ops.createApiKey({ name: 'Zapier', role: 'sales', workspace: ws.id });
    const token = message.match(/rk_[\w-]+/)![0];
    expect(await resolveActor({ ctx, bearer: token })).toMatchObject({ workspaceId: ws.id, role: 'sales' });
    await expect(ops.createApiKey({ name: 'x', role: 'king' as 'admin', workspace: ws.id })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('role') });
    await expect(ops.createApiKey({ name: 'x' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('--workspace') });
  });

  it('creates a user, once per email', async () => {
    const email = `cli-${Date.now()}@control.example`;
    expect(await ops.createAccount({ email, password: 'a long passphrase 9', role: 'support', workspace: ws.id })).toContain(`Created support ${email}`);
    expect((await findUserByEmail(ctx.db, email))?.workspace_id).toBe(ws.id);
    await expect(ops.createAccount({ email, password: 'a long passphrase 9', role: 'support', workspace: ws.id })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('email') });
  });

  it('streams a file in, runs the import on the job workers with progress, then the errors and the export out', async () => {
    const uploaded = await ops.uploadContacts({ workspace: ws.id, filename: 'people.csv', file: csv(3000, 'q') });
    expect(uploaded.byteSize).toBeGreaterThan(256 * 1024) // two stored chunks at least;
    expect(uploaded.suggestedMapping).toEqual({ Email: 'email', 'First name': 'firstName' });
    const progress: ImportProgress[] = [];
    const done = await ops.runContactsImport({ id: uploaded.id, workspace: ws.id, mapping: uploaded.suggestedMapping }, (p) => progress.push(p));
    expect(done).toMatchObject({ created: 3000, failed: 1, totalRows: 3001 });
    expect(progress.at(-1)).toMatchObject({ processed: 3001, bytes: uploaded.byteSize });
    const errors = await text(await ops.importErrors({ id: uploaded.id, workspace: ws.id }));
    expect(errors).toContain('3002,email');
    const exported = await text(await ops.exportContacts({ workspace: ws.id }));
    expect(exported.split('\n').filter((l) => l.includes('@control.example'))).toHaveLength(3000);
  });

  it('refuses an upload before reading it when the workspace is not named, and stays usable', async () => {
    await expect(ops.uploadContacts({ filename: 'x.csv', file: csv(20_000, 'refused') })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('--workspace') });
    expect(await ctx.db.selectFrom('imports').select('id').where('filename', '=', 'x.csv').execute()).toHaveLength(0);
    expect(await ops.createApiKey({ name: 'after', workspace: ws.id })).toContain('rk_');
  });

  it('runs an import in the request when the server has no job workers (a dry run here)', async () => {
    const inline = await serve(join(root, 'inline'), false);
    const uploaded = await inline.uploadContacts({ workspace: ws.id, filename: 'dry.csv', file: csv(50, 'dry') });
    const progress: ImportProgress[] = [];
    const done = await inline.runContactsImport({ id: uploaded.id, workspace: ws.id, mapping: uploaded.suggestedMapping, dryRun: true }, (p) => progress.push(p));
    expect(done).toMatchObject({ dryRun: true, created: 50, failed: 1 });
    expect(progress.length).toBeGreaterThan(0);
    expect(await ctx.db.selectFrom('contacts').select('id').where('email', 'like', 'dry%').execute()).toHaveLength(0);
  });

  it('answers an unknown route 404 and a body that is not JSON 400', async () => {
    const raw = (method: string, path: string, body?: string) => new Promise<number>((resolve, reject) => {
      const req = request({ socketPath: servers[0].control.socket, method, path }, (res) => resolve(res.statusCode!));
      req.on('error', reject).end(body);
    });
    expect(await raw('GET', '/v1/nothing')).toBe(404);
    expect(await raw('POST', '/v1/api-keys', '{nope')).toBe(400);
  });
});

async function text(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk;
  return out;
}
