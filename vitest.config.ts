import { defineConfig } from 'vitest/config';

// Unit and in-process API tests. Each test file gets its own database cloned from one migrated,
// seeded template built once per run (src/testing/global-setup.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tools/**/*.test.ts'],
    globalSetup: ['src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
