import { defineConfig } from 'vitest/config';

/**
 * The tests that cover each rule file mutated by `npm run test:mutation` (stryker.config.json).
 * `scripts/mutation.mjs` runs Stryker one file at a time with MUTATION_TARGET set to it, so a
 * run loads only that file's tests: a mutant in module-level code (a table, a constant) is
 * "static" and reruns every test in this config, which must stay seconds, not minutes.
 */
const testsOf: Record<string, { tests: string[]; database?: boolean }> = {
  'src/modules/taxes/taxes.ts': { tests: ['src/modules/taxes/taxes.test.ts'] },
  'src/modules/orders/order-lifecycle.ts': { tests: ['src/modules/orders/order-lifecycle.test.ts'] },
  'src/modules/accounts/scope.ts': { tests: ['src/modules/accounts/scope.test.ts'], database: true },
  'src/shared/partner-signature.ts': { tests: ['src/shared/partner-signature.test.ts'] },
  'src/modules/partners/partner-auth.ts': {
    tests: [
      'src/modules/partners/partner-auth-rules.test.ts',
      'src/modules/partners/idempotency-rules.test.ts',
      'src/modules/partners/idempotency-claims.test.ts',
    ],
    database: true,
  },
  'src/modules/rules/working-days.ts': { tests: ['src/modules/rules/working-days.test.ts'] },
  'src/modules/catalog/search-query.ts': { tests: ['src/modules/catalog/search-query.test.ts'] },
  'src/shared/money.ts': { tests: ['src/shared/money.test.ts'] },
  'src/shared/time.ts': { tests: ['src/shared/time.test.ts'] },
};

const target = process.env.MUTATION_TARGET;
const chosen = target ? [testsOf[target]] : Object.values(testsOf);
if (chosen.some((entry) => !entry)) throw new Error(`MUTATION_TARGET ${target} has no tests listed`);

export default defineConfig({
  test: {
    include: [...new Set(chosen.flatMap((entry) => entry!.tests))],
    globalSetup: chosen.some((entry) => entry!.database) ? ['src/testing/global-setup.ts'] : [],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
