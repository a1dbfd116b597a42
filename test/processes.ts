import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

/** Helpers for tests that run `node bin/rapport.js` as real processes, as a user would. */
const run = promisify(execFile);

export type Env = NodeJS.ProcessEnv;

/** Runs a command to its end; rejects (with code, stdout, stderr) when it exits non-zero. */
export const rapport = (env: Env, ...args: string[]) => run('node', ['bin/rapport.js', ...args], { env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });

export interface RunningRapport {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Resolves once stdout or stderr matches; rejects if the process exits first. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  exited: Promise<number | null>;
}

export function startRapport(env: Env, ...args: string[]): RunningRapport {
  const child = spawn('node', ['bin/rapport.js', ...args], { env });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk;
    listeners.forEach((l) => l());
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern, ms = 90_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => fail(`timed out waiting for ${pattern}`), ms);
        const fail = (why: string) => {
          cleanup();
          reject(new Error(`${why}; output so far:\n${output}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then((code) => listeners.has(check) && fail(`exited with ${code} before ${pattern}`));
        check();
      }),
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits until the server on env.PORT answers /healthz; rejects if it exits first. */
export async function healthy(server: RunningRapport, env: Env, ms = 120_000): Promise<void> {
  let exited = false;
  void server.exited.then(() => (exited = true));
  const until = Date.now() + ms;
  for (;;) {
    if (exited) throw new Error(`the server exited:\n${server.output()}`);
    if (Date.now() > until) throw new Error(`the server did not answer in ${ms} ms:\n${server.output()}`);
    const ok = await fetch(`http://127.0.0.1:${env.PORT}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function stopServer(server: RunningRapport): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}
