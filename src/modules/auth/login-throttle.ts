import { normalizeIP } from '@fastify/rate-limit';

/**
 * Failed-login counters, in two layers.
 *
 * 1. Per account + client address: after a few failures that address waits. Counting per account
 *    alone would let anyone lock a user out by typing wrong passwords for their email
 *    (lockout-DoS); keyed on account + address, the guesser is stopped while the rightful user,
 *    from their own address, still gets in.
 * 2. Per account, from any address: guessing spread over many addresses (a botnet) trips a higher
 *    threshold, after which only addresses this account has logged in from before may try; the
 *    rightful user on a known device still gets in, new addresses wait for the window to pass.
 *
 * Guessing across many accounts from one address is capped by the per-address rate limit on the
 * login route (@fastify/rate-limit, auth.routes.ts), and every attempt costs a scrypt hash.
 * In-process: each server process counts on its own (behind N processes a guesser gets N times
 * the attempts, still a handful per window), and a restart forgets. Memory is bounded by `maxKeys`.
 */
export interface LoginThrottle {
  /** Seconds until this account may be tried again from this address; 0 when it may now. */
  retryAfter(email: string, ip: string): number;
  failed(email: string, ip: string): void;
  succeeded(email: string, ip: string): void;
}

export const LOGIN_FAILURES_PER_WINDOW = 5;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
export const ACCOUNT_FAILURES_PER_WINDOW = 50;
export const ACCOUNT_FAILURE_WINDOW_MS = 60 * 60_000;
const KNOWN_ADDRESS_MS = 30 * 86_400_000;

interface Options { maxFailures?: number; windowMs?: number; accountMaxFailures?: number; accountWindowMs?: number; maxKeys?: number; now?: () => number }

/** Recent failure times per key (at most `max`, oldest first), in a Map bounded to `maxKeys`. */
function failureLog(max: number, windowMs: number, maxKeys: number, now: () => number) {
  const log = new Map<string, number[]>();
  const recent = (key: string): number[] => {
    const fresh = (log.get(key) ?? []).filter((t) => t > now() - windowMs);
    if (fresh.length) log.set(key, fresh);
    else log.delete(key);
    return fresh;
  };
  return {
    /** Seconds until the key is below its limit again; 0 when it is. */
    wait(key: string): number {
      const times = recent(key);
      return times.length < max ? 0 : Math.max(1, Math.ceil((times[0]! + windowMs - now()) / 1000));
    },
    add(key: string) {
      const times = [...recent(key), now()].slice(-max);
      log.delete(key); // re-insert, so Map order is least recently failed first
      log.set(key, times);
      if (log.size > maxKeys) log.delete(log.keys().next().value!);
    },
    clear: (key: string) => log.delete(key),
  };
}

export function createLoginThrottle(options: Options = {}): LoginThrottle {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const pairs = failureLog(options.maxFailures ?? LOGIN_FAILURES_PER_WINDOW, options.windowMs ?? LOGIN_FAILURE_WINDOW_MS, maxKeys, now);
  const accounts = failureLog(options.accountMaxFailures ?? ACCOUNT_FAILURES_PER_WINDOW, options.accountWindowMs ?? ACCOUNT_FAILURE_WINDOW_MS, maxKeys, now);
  // "account\naddress" → time of the last successful login from there.
  const known = new Map<string, number>();
  // IPv6 clients are keyed by their /64, which one subscriber usually holds whole.
  const account = (email: string) => email.toLowerCase();
  const pair = (email: string, ip: string) => `${account(email)}\n${normalizeIP(ip)}`;
  const isKnown = (key: string) => {
    const at = known.get(key);
    return at !== undefined && at > now() - KNOWN_ADDRESS_MS;
  };

  return {
    retryAfter(email, ip) {
      const key = pair(email, ip);
      return pairs.wait(key) || (isKnown(key) ? 0 : accounts.wait(account(email)));
    },
    failed(email, ip) {
      pairs.add(pair(email, ip));
      accounts.add(account(email));
    },
    succeeded(email, ip) {
      const key = pair(email, ip);
      pairs.clear(key);
      known.delete(key);
      known.set(key, now());
      if (known.size > maxKeys) known.delete(known.keys().next().value!);
    },
  };
}
