import { chmodSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZodError } from 'zod';
import type { AppContext } from '../context.js';
import { AppError, httpStatusByCode } from '../lib/app-error.js';
import * as input from './control.schema.js';
import type { DataDirLock } from './data-dir-lock.js';
import { localOps, type RapportOps } from './operations.js';
import { releaseSocketPath, socketPathFor } from './socket-path.js';

const MAX_JSON_BYTES = 1024 * 1024;

/**
 * The control channel of a server that owns a PGlite data dir: HTTP/1.1 over a Unix socket in that
 * dir (mode 0600, so its file permissions are the credential: whoever may open the socket may
 * already read the database files). CLI commands send their operation here instead of opening
 * the database a second time. Bodies are JSON, except an import's file (raw bytes, streamed into
 * the database as they arrive) and CSV answers (streamed out); an import's run answers with one
 * JSON line per progress report (`{ progress }`) and a last one, `{ result }` or `{ error }`.
 */
type Route = (ops: RapportOps, req: IncomingMessage, url: URL) => Promise<Answer>;
type Answer = { json: unknown } | { csv: Readable } | { lines: (emit: (line: object) => void, gone: AbortSignal) => Promise<unknown> };

const num = (url: URL, name: string) => (url.searchParams.has(name) ? Number(url.searchParams.get(name)) : undefined);

const routes: Record<string, Route> = {
  'GET /v1/owner': async () => ({ json: { protocol: input.CONTROL_PROTOCOL, pid: process.pid } }),
  'POST /v1/accounts': async (ops, req) => ({ json: { message: await ops.createAccount(input.createAccountInput.parse(await readJson(req))) } }),
  'POST /v1/api-keys': async (ops, req) => ({ json: { message: await ops.createApiKey(input.createApiKeyInput.parse(await readJson(req))) } }),
  'POST /v1/workspaces': async (ops, req) => ({ json: { message: await ops.createWorkspace(input.createWorkspaceInput.parse(await readJson(req))) } }),
  'POST /v1/imports': async (ops, req, url) => ({
    json: await ops.uploadContacts({ ...input.uploadInput.parse({ workspace: num(url, 'workspace'), filename: url.searchParams.get('filename') ?? undefined }), file: req }),
  }),
  'POST /v1/imports/run': async (ops, req) => {
    const run = input.runImportInput.parse(await readJson(req));
    return { lines: (emit, gone) => ops.runContactsImport(run, (progress) => emit({ progress }), gone) };
  },
  'GET /v1/imports/errors': async (ops, _req, url) => ({ csv: await ops.importErrors(input.importIdInput.parse({ id: num(url, 'id'), workspace: num(url, 'workspace') })) }),
  'GET /v1/exports/contacts': async (ops, _req, url) => ({ csv: await ops.exportContacts(input.workspaceInput.parse({ workspace: num(url, 'workspace') })) }),
};

export interface ControlServer {
  socket: string;
  close(): Promise<void>;
}

export async function startControlServer(options: { ctx: AppContext; lock: DataDirLock; queueImports: boolean }): Promise<ControlServer> {
  const { ctx, lock } = options;
  const ops = localOps(ctx, { queueImports: options.queueImports });
  const socket = socketPathFor(lock.dataDir);
  const server = createServer((req, res) => {
    handle(ctx, ops, req, res).catch((err) => {
      ctx.log.error({ err }, 'control request failed');
      res.destroy();
    });
  });
  rmSync(socket, { force: true }); // left by an owner that was killed; the lock says it is ours now
  // The socket is created by bind() inside listen(), synchronously: with this umask it never
  // exists, even for an instant, with wider permissions than 0600.
  const umask = process.umask(0o177);
  try {
    server.listen(socket);
  } finally {
    process.umask(umask);
  }
  await once(server, 'listening');
  chmodSync(socket, 0o600);
  lock.setSocket(socket);
  ctx.log.info({ socket }, 'control socket listening');
  return {
    socket,
    async close() {
      lock.setSocket(null);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      releaseSocketPath(socket);
    },
  };
}

async function handle(ctx: AppContext, ops: RapportOps, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://control');
  const route = routes[`${req.method} ${url.pathname}`];
  let answer: Answer;
  try {
    if (!route) throw AppError.notFound(`Control route ${req.method} ${url.pathname}`);
    answer = await route(ops, req, url);
  } catch (err) {
    if (!req.complete) req.resume(); // drain an upload refused before it was read
    const { status, body } = errorBody(ctx, err);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    return;
  }
  if ('json' in answer) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
  } else if ('csv' in answer) {
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
    await pipeline(answer.csv, res).catch((err) => ctx.log.warn({ err }, 'control stream ended early'));
  } else {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    // A CLI that goes away (Ctrl-C) stops the watching, not the work: an import carries on.
    const gone = new AbortController();
    res.once('close', () => gone.abort());
    const emit = (line: object) => void (res.writable && res.write(`${JSON.stringify(line)}\n`));
    const last = await answer.lines(emit, gone.signal).then((result) => ({ result }), (err) => (gone.signal.aborted ? null : errorBody(ctx, err).body));
    res.end(`${JSON.stringify(last)}\n`);
  }
}

function errorBody(ctx: AppContext, err: unknown): { status: number; body: { error: { code: string; message: string; details?: unknown } } } {
  if (err instanceof ZodError) err = input.invalidInput(err);
  if (err instanceof AppError) return { status: httpStatusByCode[err.code], body: { error: { code: err.code, message: err.message, details: err.details } } };
  // The caller is the owner's own user, at the console: the message helps and leaks nothing new.
  ctx.log.error({ err }, 'control operation failed');
  return { status: 500, body: { error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } } };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as Readable) {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'Control request body over 1 MB');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw AppError.invalid({ path: 'body', message: 'must be JSON' });
  }
}
