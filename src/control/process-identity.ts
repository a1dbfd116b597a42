import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * When a process started, as an opaque token that changes when its pid is reused by another
 * process. Linux: the start tick in /proc/PID/stat (after the last ")", since the command name may
 * hold spaces and parentheses); elsewhere `ps -o lstart=`. Null when neither is available.
 */
export function processStartToken(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name start at field 3 (state); starttime is field 22.
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    if (start) return `linux:${start}`;
  } catch {
    // not Linux, or no such process
  }
  if (process.platform === 'win32') return null;
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out ? `ps:${out}` : null;
  } catch {
    return null; // ps exits 1 for a pid that does not exist
  }
}

/** true: the pid runs; false: it does not; EPERM means it runs under another user. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
