import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Counts scrypt runs: the work a login does must not depend on whether the email exists.
const scryptRuns = vi.hoisted(() => ({ n: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const scrypt = ((...args: Parameters<typeof real.scrypt>) => {
    scryptRuns.n++;
    return (real.scrypt as (...a: unknown[]) => void)(...args);
  }) as typeof real.scrypt;
  return { ...real, default: { ...real, scrypt }, scrypt };
});

const { createTestContext } = await import('../../../test/context.js');
const { newWorkspace, PASSWORD } = await import('../../../test/factories.js');
const { closeContext } = await import('../../boot.js');
const { login } = await import('./auth.service.js');
const { createLoginThrottle } = await import('./login-throttle.js');

let ctx: Awaited<ReturnType<typeof createTestContext>>;
let email: string;
beforeAll(async () => {
  ctx = await createTestContext();
  email = (await newWorkspace(ctx)).owner.email;
  await login({ ctx, email: 'warm-up@nowhere.example', password: 'x', client: '10.0.0.9', throttle: createLoginThrottle() }).catch(() => undefined);
});
afterAll(async () => closeContext(ctx));

async function scryptsOf(attempt: () => Promise<unknown>): Promise<number> {
  const before = scryptRuns.n;
  await attempt().catch(() => undefined);
  return scryptRuns.n - before;
}

describe('login timing', () => {
  it('runs the same scrypt work for an unknown email as for a known one', async () => {
    const throttle = createLoginThrottle();
    const known = await scryptsOf(() => login({ ctx, email, password: 'wrong password', client: '10.0.0.1', throttle }));
    const unknown = await scryptsOf(() => login({ ctx, email: 'nobody@nowhere.example', password: 'wrong password', client: '10.0.0.1', throttle }));
    const right = await scryptsOf(() => login({ ctx, email, password: PASSWORD, client: '10.0.0.2', throttle }));
    expect(known).toBe(1);
    expect(unknown).toBe(known);
    expect(right).toBe(1);
  });
});
