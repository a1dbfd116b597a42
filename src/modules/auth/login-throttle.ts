import { normalizeIP } from '@fastify/rate-limit';

/**
 * Failed-login counter per (account, client address).
 *
 * Why this key: counting failures per account alone would let anyone lock a user out by typing
 * wrong passwords for their email (lockout-DoS). Keyed on account + address, a guesser is stopped
 * after a few tries while the rightful user, from their own address, still gets in. Guessing
 * spread over many addresses is bounded by the per-address rate limit on the login route
 * (@fastify/rate-limit, see auth.routes.ts) and by the scrypt cost of every attempt.
 *
 * In-process: each server process counts on its own, so behind N processes a guesser gets up to
 * N times the attempts — still a handful per window. Memory is bounded by `maxKeys`.
 */
export interface LoginThrottle {
  /** Seconds until this account may be tried again from this address; 0 when it may now. */
  retryAfter(email: string, ip: string): number;
  failed(email: string, ip: string): void;
  succeeded(email: string, ip: string): void;
}

export const LOGIN_FAILURES_PER_WINDOW = 5;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;

export function createLoginThrottle(options: { maxFailures?: number; windowMs?: number; maxKeys?: number; now?: () => number } = {}): LoginThrottle {
  const maxFailures = options.maxFailures ?? LOGIN_FAILURES_PER_WINDOW;
  const windowMs = options.windowMs ?? LOGIN_FAILURE_WINDOW_MS;
  const maxKeys = options.maxKeys ?? 100_000;
  const now = options.now ?? Date.now;
  // key → times of the most recent failures (at most maxFailures), oldest first.
  const failures = new Map<string, number[]>();
  // IPv6 clients are keyed by their /64, which one subscriber usually holds whole.
  const keyOf = (email: string, ip: string) => `${email.toLowerCase()}\n${normalizeIP(ip)}`;

  const recent = (key: string): number[] => {
    const times = failures.get(key);
    if (!times) return [];
    const fresh = times.filter((t) => t > now() - windowMs);
    if (fresh.length) failures.set(key, fresh);
    else failures.delete(key);
    return fresh;
  };

  return {
    retryAfter(email, ip) {
      const times = recent(keyOf(email, ip));
      if (times.length < maxFailures) return 0;
      return Math.max(1, Math.ceil((times[0]! + windowMs - now()) / 1000));
    },
    failed(email, ip) {
      const key = keyOf(email, ip);
      const times = [...recent(key), now()].slice(-maxFailures);
      failures.delete(key); // re-insert so Map order is least-recently-failed first
      failures.set(key, times);
      if (failures.size > maxKeys) failures.delete(failures.keys().next().value!);
    },
    succeeded(email, ip) {
      failures.delete(keyOf(email, ip));
    },
  };
}
