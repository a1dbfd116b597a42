import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // The browser journeys take 20–40 s on a quiet machine and over 60 s at a load of 18.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // A loaded CI machine takes seconds to settle what a quiet one settles at once; the
    // default 1 s made the browser journeys fail on timing, not on behaviour.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    reporters: ['default'],
  },
});
