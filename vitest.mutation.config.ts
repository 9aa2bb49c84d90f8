import { defineConfig } from 'vitest/config';

// The tests that cover the rule files mutated by `npm run test:mutation` (stryker.config.json),
// and nothing else, so a mutation run takes minutes. Same template database as the unit tests.
export default defineConfig({
  test: {
    include: [
      'src/modules/taxes/taxes.test.ts',
      'src/modules/orders/order-lifecycle.test.ts',
      'src/modules/orders/order-transitions.test.ts',
      'src/modules/accounts/scope.test.ts',
      'src/modules/accounts/no-grants.test.ts',
      'src/shared/partner-signature.test.ts',
      'src/modules/partners/partner-auth-rules.test.ts',
      'src/modules/partners/idempotency-rules.test.ts',
      'src/modules/rules/working-days.test.ts',
      'src/modules/catalog/search-query.test.ts',
      'src/shared/money.test.ts',
      'src/shared/time.test.ts',
    ],
    globalSetup: ['src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
