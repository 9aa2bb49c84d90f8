import { ensureCategories } from '../modules/catalog/categories.service';
import type { SecretBox } from '../modules/partners/secret-box';
import { ensureReferenceRegions } from '../modules/regions/regions.service';
import { ensureReferenceRules } from '../modules/rules/rules.service';
import type { DatabaseHandle } from './client';
import { seedDemo, seedDemoPartners, setDemoAccountsActive } from './seeds/demo';
import { type DemoHistoryCounts, seedDemoHistory } from './seeds/demo-history';

export interface PrepareResult {
  regionsLoaded: boolean;
  demoSeeded: boolean;
  /** The demo history loaded by this call (null when already there or not asked for). */
  demoHistory: DemoHistoryCounts | null;
}

export interface PrepareOptions {
  demo: boolean;
  /** With a key, the demo also registers its partners (their secrets are encrypted with it). */
  secretBox?: SecretBox | undefined;
  /** Port of the reference partner serving the demo partners. */
  partnerSimPort?: number | undefined;
  /**
   * With the demo partners (a key is given), also load the 2021–2024 history of the article
   * (seeds/demo-history.ts; default true). The test template passes false: tests that need the
   * story load it themselves.
   */
  demoHistory?: boolean | undefined;
  /** Called after each step with its duration (the start logs where its time goes). */
  onStep?: ((step: string, ms: number) => void) | undefined;
}

/**
 * Brings a database to what the running product needs: migrations, reference regions and
 * pemda, and (in demo mode) the demo scenario. Idempotent; runs at every start.
 */
export async function prepareDatabase(
  handle: DatabaseHandle,
  options: PrepareOptions,
): Promise<PrepareResult> {
  let mark = performance.now();
  const step = (name: string) => {
    options.onStep?.(name, Math.round(performance.now() - mark));
    mark = performance.now();
  };
  await handle.migrate();
  step('migrations');
  const regions = await ensureReferenceRegions(handle.db);
  step('regions');
  await ensureCategories(handle.db);
  await ensureReferenceRules(handle.db);
  step('categories and rules');
  let demoSeeded = false;
  let demoHistory: DemoHistoryCounts | null = null;
  if (options.demo) {
    demoSeeded = (await seedDemo(handle.db)).seeded;
    if (options.secretBox) {
      await seedDemoPartners(handle.db, options.secretBox, options.partnerSimPort ?? 3100);
    }
    await setDemoAccountsActive(handle.db, true);
    step('demo scenario');
    if (options.secretBox && options.demoHistory !== false) {
      demoHistory = await seedDemoHistory(handle.db);
      step('demo history');
    }
  } else {
    await setDemoAccountsActive(handle.db, false);
  }
  return { regionsLoaded: regions.loaded, demoSeeded, demoHistory };
}
