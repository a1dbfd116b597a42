import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
// The CLI always runs on its own PGlite directory here: first-run setup needs an empty installation.
const env = { ...process.env, DATABASE_URL: '', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' };
const rapport = (...args: string[]) => run('node', ['bin/rapport.js', ...args], { env, timeout: 60_000 });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rapport CLI', { timeout: 300_000 }, () => {
  it('migrates, creates the first owner with the workspace, another user and an API key', async () => {
    expect((await rapport('migrate')).stdout).toContain('up to date');
    const owner = await rapport('users', 'create', '--email', 'Owner@Example.com', '--password', 'long enough', '--role', 'owner', '--workspace-name', 'CLI Co');
    expect(owner.stdout).toMatch(/Created workspace \d+ "CLI Co" and owner owner@example.com/);
    const sales = await rapport('users', 'create', '--email', 'sam@example.com', '--password', 'long enough', '--role', 'sales');
    expect(sales.stdout).toContain('Created sales sam@example.com');
    const bad = await rapport('users', 'create', '--email', 'x@example.com', '--password', 'long enough', '--role', 'king').catch((e) => e);
    expect(bad.code).not.toBe(0);
    const key = await rapport('apikeys', 'create', '--name', 'Zapier');
    expect(key.stdout).toMatch(/rk_[\w-]{20,}/);
  });

  it('imports a CSV with a progress bar and writes the bad rows to an errors file, then exports', async () => {
    const csv = join(dir, 'people.csv');
    writeFileSync(csv, '\uFEFFFirst name,Last name,Email\nAda,Lovelace,ada@example.com\nBad,Row,not-an-email\n"Quoted, Name",Smith,q@example.com\n');
    const out = await rapport('import', 'contacts', csv);
    expect(out.stdout + out.stderr).toMatch(/created\D+2/i);
    const errors = readFileSync(`${csv}.errors.csv`, 'utf8');
    expect(errors).toContain('3,email');
    const exported = join(dir, 'out.csv');
    await rapport('export', 'contacts', '--out', exported);
    const text = readFileSync(exported, 'utf8');
    expect(text).toContain('ada@example.com');
    expect(text).toContain('"Quoted, Name"');
  });

  it('stops with a clear message on a bad setting', async () => {
    const res = await run('node', ['bin/rapport.js', 'migrate'], { env: { ...env, PORT: 'eighty' }, timeout: 60_000 }).catch((e) => e);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('PORT');
  });
});
