import { request, type IncomingMessage } from 'node:http';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, type ErrorCode } from '../lib/app-error.js';
import { CONTROL_PROTOCOL } from './control.schema.js';
import { describeOwner, readLiveOwner, type LockOwner } from './data-dir-lock.js';
import type { ImportOutcome, RapportOps, UploadedImport } from './operations.js';

// A server takes the lock before it migrates and opens its socket after: give it that long.
const STARTING_SERVER_WAIT_MS = 60_000;

type Body = { json: unknown } | { stream: Readable } | undefined;

/** The CLI's end of a server's control socket (control-server.ts holds the other). */
export class ControlClient {
  constructor(readonly socket: string) {}

  /** The response of a 2xx; any other status is thrown as the AppError the server reported. */
  call(method: string, path: string, body?: Body): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      let upload: Promise<void> | undefined;
      const req = request({ socketPath: this.socket, method, path, headers: body && 'json' in body ? { 'content-type': 'application/json' } : {} }, (res) => {
        if (res.statusCode! < 400) return resolve(res);
        if (body && 'stream' in body) body.stream.destroy(); // refused: stop sending the file
        readAll(res).then((text) => reject(errorFrom(res.statusCode!, text)), reject);
      });
      req.on('error', (err) => (upload ?? Promise.resolve()).then(() => reject(err), reject));
      if (body && 'stream' in body) upload = pipeline(body.stream, req);
      else req.end(body ? JSON.stringify(body.json) : undefined);
      upload?.catch(() => {}); // reported through the request's error above
    });
  }

  async json<T>(method: string, path: string, body?: Body): Promise<T> {
    try {
      return JSON.parse(await readAll(await this.call(method, path, body))) as T;
    } catch (err) {
      throw this.lostOr(err);
    }
  }

  // A server killed mid-command resets the socket before or after its answer began: either way
  // the user is told the same thing, not a bare "socket hang up".
  private lostOr(err: unknown): unknown {
    if (err instanceof AppError || !isConnectionLoss(err)) return err;
    return this.lost();
  }

  private lost(): Error {
    return new Error(`The server closed the control connection before the command finished: did it stop? (${this.socket})`);
  }

  /** JSON lines: `{ progress }` lines go to onProgress; the last is `{ result }` or `{ error }`. */
  async lines<T>(path: string, body: Body, onProgress: (progress: any) => void): Promise<T> {
    let input: IncomingMessage;
    try {
      input = await this.call('POST', path, body);
    } catch (err) {
      throw this.lostOr(err);
    }
    const lines = createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const text of lines) {
        const line = JSON.parse(text);
        if (line.error) throw errorFrom(500, text);
        if ('result' in line) return line.result as T;
        onProgress(line.progress);
      }
    } catch (err) {
      if (err instanceof AppError) throw err;
    }
    throw this.lost();
  }
}

function isConnectionLoss(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNREFUSED' || (err as Error | undefined)?.message === 'socket hang up';
}

export function remoteOps(client: ControlClient): RapportOps {
  const ws = (workspace?: number) => (workspace === undefined ? '' : `workspace=${workspace}`);
  return {
    createAccount: async (input) => (await client.json<{ message: string }>('POST', '/v1/accounts', { json: input })).message,
    createApiKey: async (input) => (await client.json<{ message: string }>('POST', '/v1/api-keys', { json: input })).message,
    createWorkspace: async (input) => (await client.json<{ message: string }>('POST', '/v1/workspaces', { json: input })).message,
    uploadContacts: ({ workspace, filename, file }) =>
      client.json<UploadedImport>('POST', `/v1/imports?filename=${encodeURIComponent(filename)}&${ws(workspace)}`, { stream: file }),
    runContactsImport: (input, onProgress) => client.lines<ImportOutcome>('/v1/imports/run', { json: input }, onProgress),
    importErrors: async ({ id, workspace }) => client.call('GET', `/v1/imports/errors?id=${id}&${ws(workspace)}`),
    exportContacts: async ({ workspace }) => client.call('GET', `/v1/exports/contacts?${ws(workspace)}`),
  };
}

/**
 * A client for the server that owns `dataDir`, once its socket answers (a server that is still
 * migrating holds the lock before it listens). Null when the dir has no server owner any more, so
 * the caller may try the lock again.
 */
export async function connectToOwner(dataDir: string, onWait: (owner: LockOwner) => void): Promise<{ client: ControlClient; owner: LockOwner } | null> {
  const until = Date.now() + STARTING_SERVER_WAIT_MS;
  let told = false;
  for (;;) {
    const owner = readLiveOwner(dataDir);
    if (owner?.role !== 'server') return null;
    if (owner.socket) {
      const client = new ControlClient(owner.socket);
      try {
        const hello = await client.json<{ protocol: number }>('GET', '/v1/owner');
        if (hello.protocol !== CONTROL_PROTOCOL) throw new Error(`${describeOwner(owner)} speaks control protocol ${hello.protocol}, this CLI ${CONTROL_PROTOCOL}: restart the server after an upgrade`);
        return { client, owner };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ECONNREFUSED' && code !== 'ENOENT') throw err;
      }
    }
    if (Date.now() > until) {
      throw new Error(`${describeOwner(owner)} owns ${dataDir} but does not answer on its control socket${owner.socket ? ` ${owner.socket}` : ''}. Stop it (kill ${owner.pid}) and run the command again.`);
    }
    if (!told) onWait(owner);
    told = true;
    await sleep(200);
  }
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function errorFrom(status: number, text: string): Error {
  try {
    const { error } = JSON.parse(text) as { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };
    return new AppError(error.code, error.message, error.details);
  } catch {
    return new Error(`The server answered ${status} on its control socket: ${text.slice(0, 200)}`);
  }
}
