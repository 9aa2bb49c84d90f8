import { defineConfig } from 'vitest/config';

// Browser journeys against a started server (e2e/global-setup.ts starts one unless E2E_BASE_URL is set).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
