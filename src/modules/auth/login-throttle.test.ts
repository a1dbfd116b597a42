import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, PASSWORD, type TestWorkspace } from '../../../test/factories.js';
import { LOGIN_ATTEMPTS_PER_MINUTE } from './auth.routes.js';
import { createLoginThrottle, LOGIN_FAILURE_WINDOW_MS, LOGIN_FAILURES_PER_WINDOW } from './login-throttle.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
});
afterAll(async () => t.close());

const login = (email: string, password: string, remoteAddress: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { email, password } });

describe('login throttling', () => {
  it('answers 429 with Retry-After after a few failures for one account from one address, and still lets the rightful user in from theirs', async () => {
    const attacker = '203.0.113.7';
    for (let i = 0; i < LOGIN_FAILURES_PER_WINDOW; i++) expect((await login(ws.owner.email, `wrong guess ${i}`, attacker)).statusCode).toBe(401);
    const blocked = await login(ws.owner.email, 'another wrong guess', attacker);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_FAILURE_WINDOW_MS / 1000);
    // Even the right password waits on that address: the guesser learns nothing from it.
    expect((await login(ws.owner.email, PASSWORD, attacker)).statusCode).toBe(429);
    // The owner, from their own address, is not locked out by the attacker's failures.
    expect((await login(ws.owner.email, PASSWORD, '198.51.100.20')).statusCode).toBe(200);
    // Another account from the attacker's address is its own count.
    const sales = await ws.as('sales');
    expect((await login(sales.email, PASSWORD, attacker)).statusCode).toBe(200);
  });

  it('limits attempts per address across accounts (guessing many accounts), with Retry-After', async () => {
    const sprayer = '192.0.2.99';
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_ATTEMPTS_PER_MINUTE; i++) statuses.push((await login(`user${i}@spray.example`, 'wrong password', sprayer)).statusCode);
    expect(statuses.slice(0, LOGIN_ATTEMPTS_PER_MINUTE).every((s) => s === 401)).toBe(true);
    const last = await login(ws.owner.email, PASSWORD, sprayer);
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('RATE_LIMITED');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('forgets failures after the window and on success; keys IPv6 clients by their /64', () => {
    let now = 1_000_000;
    const throttle = createLoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) throttle.failed('ann@example.com', '2001:db8:1:2::1');
    expect(throttle.retryAfter('ANN@example.com', '2001:db8:1:2::ffff')).toBe(60);
    expect(throttle.retryAfter('ann@example.com', '2001:db8:1:3::1')).toBe(0);
    now += 30_000;
    expect(throttle.retryAfter('ann@example.com', '2001:db8:1:2::1')).toBe(30);
    now += 30_001;
    expect(throttle.retryAfter('ann@example.com', '2001:db8:1:2::1')).toBe(0);
    throttle.failed('bob@example.com', '10.0.0.1');
    throttle.failed('bob@example.com', '10.0.0.1');
    throttle.succeeded('bob@example.com', '10.0.0.1');
    throttle.failed('bob@example.com', '10.0.0.1');
    throttle.failed('bob@example.com', '10.0.0.1');
    expect(throttle.retryAfter('bob@example.com', '10.0.0.1')).toBe(0);
  });

  it('under guessing from many addresses, lets only addresses the account logged in from before try', () => {
    let now = 5_000_000;
    const throttle = createLoginThrottle({ maxFailures: 5, accountMaxFailures: 20, accountWindowMs: 3_600_000, now: () => now });
    throttle.succeeded('ann@example.com', '198.51.100.20'); // Ann's laptop, last week
    for (let i = 0; i < 20; i++) throttle.failed('ann@example.com', `203.0.113.${i}`); // one guess per bot
    expect(throttle.retryAfter('ann@example.com', '203.0.113.250')).toBe(3600);
    expect(throttle.retryAfter('ann@example.com', '198.51.100.20')).toBe(0);
    expect(throttle.retryAfter('bob@example.com', '203.0.113.250')).toBe(0);
    now += 3_600_001;
    expect(throttle.retryAfter('ann@example.com', '203.0.113.250')).toBe(0);
  });

  it('keeps its memory bounded', () => {
    const throttle = createLoginThrottle({ maxFailures: 1, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) throttle.failed(`u${i}@example.com`, '10.0.0.1');
    expect(throttle.retryAfter('u999@example.com', '10.0.0.1')).toBeGreaterThan(0);
    expect(throttle.retryAfter('u0@example.com', '10.0.0.1')).toBe(0); // evicted, oldest first
  });
});
