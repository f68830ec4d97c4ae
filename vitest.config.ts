import { defineConfig } from 'vitest/config';

// The same suite runs on the embedded database always, and on PostgreSQL when DATABASE_URL is set.
// Pure code (engine, ledger calculations) does not touch storage, so it runs once.
const pureCode = ['src/engine/**', 'src/ledger/**'];
// The console's browser test runs the demo, which is seeded on an embedded database only.
const embeddedOnly = ['test/console.e2e.test.ts'];

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
          env: { PERK_TEST_DRIVER: 'pglite' },
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
