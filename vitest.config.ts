import { defineConfig } from 'vitest/config';

// The same suite runs on the embedded database always, and on PostgreSQL when DATABASE_URL is set.
// Pure code (engine, ledger calculations) does not touch storage, so it runs once.
const pureCode = ['src/engine/**', 'src/ledger/**'];
// The console's browser test and the demo cut short run the demo, which is seeded on an embedded
// database only.
const embeddedOnly = ['test/console.e2e.test.ts', 'test/demo-cut-short.test.ts'];
// The browser test drives a real server and Chromium through 18 steps with 30 s waits; run beside
// the rest of the suite on a 2-core machine, its steps timed out (CI, 2026-12-06). It runs last,
// alone, in a group of its own.
const browser = ['test/console.e2e.test.ts'];
// What only PostgreSQL has: several processes on one database. An embedded database is held by
// one process, so there is no other node to notify (the change feed) or to run beside (the
// multi-node test). CI (.ci/run) always sets DATABASE_URL, so these always run there.
const postgresOnly = ['src/store/change-feed.test.ts', 'test/multi-node.test.ts'];
if (!process.env.DATABASE_URL) {
  console.warn(
    `DATABASE_URL is not set: not run, as they need PostgreSQL: ${postgresOnly.join(', ')}`,
  );
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true as const,
        test: {
          name: 'pglite',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...postgresOnly, ...browser],
          env: { PERK_TEST_DRIVER: 'pglite' },
        },
      },
      {
        extends: true as const,
        test: {
          // The console's own pure code (formatting, the audit log's changes, simulator forms).
          name: 'console',
          include: ['console/src/**/*.test.ts'],
        },
      },
      {
        extends: true as const,
        test: {
          name: 'browser',
          include: browser,
          env: { PERK_TEST_DRIVER: 'pglite' },
          sequence: { groupOrder: 1 },
        },
      },
      ...(process.env.DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
                exclude: [...pureCode, ...embeddedOnly],
                env: { PERK_TEST_DRIVER: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
