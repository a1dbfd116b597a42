import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The program on the search path (PATH by default), or null (SpamAssassin is optional). */
function onPath(name: string, searchPath: string): string | null {
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not here
    }
  }
  return null;
}

export type SpamResult = { available: false } | { available: true; score: number | null; threshold: number | null; error?: string };

/**
 * SpamAssassin's score of a message: `spamc -c -x` (fast, needs a running spamd) else
 * `spamassassin -t` (slow, standalone). spamc without -x answers "0/0" when spamd is down, a
 * score that means nothing; with -x it fails (exit 69 and up) and the standalone program is
 * tried. Bounded by a timeout; absent programs are a clean "not available", never an error.
 */
export async function spamScore(rawMessage: string, o: { timeoutMs?: number; searchPath?: string } = {}): Promise<SpamResult> {
  const timeoutMs = o.timeoutMs ?? 20_000;
  const searchPath = o.searchPath ?? process.env.PATH ?? '';
  const spamc = onPath('spamc', searchPath);
  const sa = onPath('spamassassin', searchPath);
  if (!spamc && !sa) return { available: false };
  let error = 'spamd is not running';
  if (spamc) {
    const out = await run(spamc, ['-c', '-x'], rawMessage, timeoutMs).catch((err: Error) => ({ error: err.message }));
    if ('error' in out) error = out.error;
    else if (out.code !== null && out.code <= 1) return parsed(/^(-?[\d.]+)\/(-?[\d.]+)/.exec(out.stdout.trim()));
  }
  if (!sa) return { available: true, score: null, threshold: null, error };
  const out = await run(sa, ['-t', '-L'], rawMessage, timeoutMs).catch((err: Error) => ({ error: err.message }));
  if ('error' in out) return { available: true, score: null, threshold: null, error: out.error };
  return parsed(/score=(-?[\d.]+)\s+required=(-?[\d.]+)/.exec(out.stdout));
}

// `spamassassin -t` takes seconds of CPU; the checklist asks on every save, mostly of the same letter.
const memo = new Map<string, Promise<SpamResult>>();
const MEMO_MAX = 200;

/** spamScore, remembered by `key` (the letter's content, not its Date header) for this process. */
export function spamScoreOnce(key: string, rawMessage: () => string): Promise<SpamResult> {
  const hash = createHash('sha256').update(key).digest('base64url');
  let hit = memo.get(hash);
  if (!hit) {
    if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value!);
    hit = spamScore(rawMessage());
    memo.set(hash, hit);
    // A failed run (spamd restarting, a timeout) is asked again next time.
    void hit.then((r) => { if (r.available && r.score === null) memo.delete(hash); });
  }
  return hit;
}

function parsed(m: RegExpExecArray | null): SpamResult {
  if (!m) return { available: true, score: null, threshold: null, error: 'SpamAssassin gave no score' };
  return { available: true, score: Number(m[1]), threshold: Number(m[2]) };
}

/** Runs a program on the message; resolves with its output and exit code, rejects on a signal or a spawn error. */
function run(cmd: string, args: string[], input: string, timeoutMs: number): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'ignore'], timeout: timeoutMs });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { if (stdout.length < 1_000_000) stdout += d; });
    child.on('error', reject);
    // spamc -c exits 1 for spam: the score is still on stdout.
    child.on('close', (code, signal) => (signal ? reject(new Error(`SpamAssassin stopped (${signal})`)) : resolve({ stdout, code })));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
