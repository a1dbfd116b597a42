import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export const SOCKET_FILE = 'rapport.sock';
// sun_path holds 108 bytes on Linux and 104 on macOS and the BSDs, the terminating NUL included.
const MAX_SOCKET_PATH = process.platform === 'linux' ? 107 : 103;
const FALLBACK_PREFIX = 'rapport-control-';

/**
 * Where a data dir's control socket goes: inside the dir, or, when that path is longer than a
 * Unix socket address can be, in a private directory (mode 0700) of its own under the system's
 * temporary directory. Clients find it in the lock file either way.
 */
export function socketPathFor(dataDir: string, tmp = tmpdir()): string {
  const inside = join(dataDir, SOCKET_FILE);
  if (fits(inside)) return inside;
  // mkdtemp adds six characters to the prefix.
  if (fits(join(tmp, `${FALLBACK_PREFIX}XXXXXX`, SOCKET_FILE))) return join(mkdtempSync(join(tmp, FALLBACK_PREFIX)), SOCKET_FILE);
  throw new Error(`The data dir path is too long for a control socket (${Buffer.byteLength(inside)} bytes; at most ${MAX_SOCKET_PATH}), and so is the temporary directory ${tmp}: use a shorter DATA_DIR or TMPDIR`);
}

export function releaseSocketPath(socket: string): void {
  rmSync(socket, { force: true });
  const parent = dirname(socket);
  if (basename(parent).startsWith(FALLBACK_PREFIX)) rmSync(parent, { recursive: true, force: true });
}

const fits = (path: string) => Buffer.byteLength(path) <= MAX_SOCKET_PATH;
