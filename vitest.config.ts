import { configDefaults, defineConfig } from 'vitest/config';

// The browser journeys always start their server on an in-memory PGlite (test/e2e/browser.ts), so
// with DATABASE_URL set they would only repeat the PGlite run's journeys, not prove PostgreSQL.
// E2E_WITH_DATABASE_URL=1 runs them anyway.
const skipJourneys = !!process.env.DATABASE_URL && process.env.E2E_WITH_DATABASE_URL !== '1';
if (skipJourneys) console.log('DATABASE_URL is set: the Chromium journeys (test/e2e, always on PGlite) run in the PGlite pass only');

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(skipJourneys ? ['test/e2e/**'] : [])],
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
