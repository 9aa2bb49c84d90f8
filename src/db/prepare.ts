import { ensureCategories } from '../modules/catalog/categories.service';
import type { SecretBox } from '../modules/partners/secret-box';
import { ensureReferenceRegions } from '../modules/regions/regions.service';
import { ensureReferenceRules } from '../modules/rules/rules.service';
import type { DatabaseHandle } from './client';
import { seedDemo, seedDemoPartners, setDemoAccountsActive } from './seeds/demo';

export interface PrepareResult {
  regionsLoaded: boolean;
  demoSeeded: boolean;
}

export interface PrepareOptions {
  demo: boolean;
  /** With a key, the demo also registers its partners (their secrets are encrypted with it). */
  secretBox?: SecretBox | undefined;
  /** Port of the reference partner serving the demo partners. */
  partnerSimPort?: number | undefined;
}

/**
 * Brings a database to what the running product needs: migrations, reference regions and
 * pemda, and (in demo mode) the demo scenario. Idempotent; runs at every start.
 */
export async function prepareDatabase(
  handle: DatabaseHandle,
  options: PrepareOptions,
): Promise<PrepareResult> {
  await handle.migrate();
  const regions = await ensureReferenceRegions(handle.db);
  await ensureCategories(handle.db);
  await ensureReferenceRules(handle.db);
  let demoSeeded = false;
  if (options.demo) {
    demoSeeded = (await seedDemo(handle.db)).seeded;
    if (options.secretBox)
      await seedDemoPartners(handle.db, options.secretBox, options.partnerSimPort ?? 3100);
    await setDemoAccountsActive(handle.db, true);
  } else {
    await setDemoAccountsActive(handle.db, false);
  }
  return { regionsLoaded: regions.loaded, demoSeeded };
}
