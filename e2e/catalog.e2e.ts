import { stat } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, screenshot } from './browser';

const baseUrl = inject('baseUrl');
let context: BrowserContext;
let page: Page;

/**
 * The demo catalogue is pushed by the reference partner a few seconds after the server starts:
 * wait until the search API finds paper before driving the browser.
 */
async function waitForCatalogue(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/api/v1/catalog/search?q=kertas&limit=1`);
      if (response.ok && ((await response.json()) as { total: number }).total > 0) return;
    } catch {
      // not answering yet
    }
    if (Date.now() > deadline) throw new Error(`no catalogue within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/**
 * The partners keep pushing for a while after the first products land; results that move under
 * the journey make it flaky. Wait (up to `timeoutMs`) until the whole catalogue's size holds still.
 */
async function waitForSteadyCatalogue(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let steadySince = Date.now();
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/api/v1/catalog/search?limit=1`).catch(() => null);
    const total = response?.ok ? ((await response.json()) as { total: number }).total : -1;
    if (total !== last) {
      last = total;
      steadySince = Date.now();
    } else if (Date.now() - steadySince >= 4000) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** Waits until the result list shows the answer for a query string that contains `part`. */
async function waitForResults(part: string) {
  await page.waitForFunction((expected) => {
    const results = document.querySelector('[data-testid="catalog-results"]');
    return (
      results?.getAttribute('data-ready') === 'true' &&
      (results.getAttribute('data-search') ?? '').includes(expected)
    );
  }, part);
}

/** Waits until the result list shows the answer for the query string now in the address bar. */
async function waitForCurrentResults() {
  await page.waitForFunction(() => {
    const results = document.querySelector('[data-testid="catalog-results"]');
    return (
      results?.getAttribute('data-ready') === 'true' &&
      results.getAttribute('data-search') === new URLSearchParams(window.location.search).toString()
    );
  });
}

async function cardTexts(): Promise<string[]> {
  return page.getByTestId('catalog-result').allTextContents();
}

beforeAll(async () => {
  await waitForCatalogue(60_000);
  await waitForSteadyCatalogue(30_000);
  ({ context, page } = await openBrowser());
  // The server may still be busy storing partner pushes: be patient with every wait.
  page.setDefaultTimeout(60_000);
}, 150_000);
afterAll(async () => {
  await context?.close();
});

describe('catalogue journey of a Pejabat Pengadaan', { timeout: 120_000 }, () => {
  it('pp.batang searches with a typo and still finds paper, with suggestions while typing', async () => {
    await page.goto(`${baseUrl}/masuk`);
    await page.getByTestId('login-username').fill('pp.batang');
    await page.getByTestId('login-password').fill('demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('home-page').waitFor();

    // The home card leads to the catalogue now.
    await page.getByTestId('feature-search').click();
    await page.waitForURL(/\/katalog$/);
    await page.getByTestId('catalog-result').first().waitFor();

    const search = page.getByTestId('catalog-search');
    await search.click();
    await search.pressSequentially('kertsa hvs', { delay: 30 });
    // Suggestions come from the search API, which forgives the typo.
    await page
      .getByRole('option', { name: /Kertas/ })
      .first()
      .waitFor();
    await search.press('Escape');
    await search.press('Enter');
    await page.waitForURL(/q=kertsa/);
    await waitForResults('q=kertsa');

    const texts = await cardTexts();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.some((text) => text.includes('Kertas'))).toBe(true);

    // "Mengapa di urutan ini?" opens the ranking reasons.
    const first = page.getByTestId('catalog-result').first();
    await first.getByTestId('reason-toggle').click();
    await first.getByTestId('reason-list').waitFor();
    expect(await first.getByTestId('reason-list').textContent()).toContain('Kecocokan');
  });

  it('"Penyedia lokal" and "UMK" leave only local UMK offers, each with both badges', async () => {
    // The switches follow the address bar, so they flip once the new search has rendered.
    await page.getByTestId('filter-local').click();
    await waitForResults('local=true');
    await page.getByTestId('filter-umk').click();
    await waitForResults('umk=true');
    expect(await page.getByTestId('filter-local').isChecked()).toBe(true);
    expect(await page.getByTestId('filter-umk').isChecked()).toBe(true);

    if ((await page.getByTestId('catalog-result').count()) === 0) {
      // Nothing local and UMK for this query: search the whole catalogue with the same filters.
      await page.getByTestId('catalog-search').fill('');
      await page.getByTestId('catalog-search').press('Enter');
      await page.waitForURL((url) => !url.searchParams.has('q'));
      await waitForResults('umk=true');
    }

    const cards = page.getByTestId('catalog-result');
    const count = await cards.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const card = cards.nth(i);
      expect(await card.getByTestId('badge-local').count()).toBe(1);
      expect(await card.getByTestId('badge-umk').count()).toBe(1);
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    const file = await screenshot(page, 'catalog-search');
    expect((await stat(file)).size).toBeGreaterThan(10_000);
  });

  it('the back button restores the previous filters, and forward the later ones', async () => {
    const filtered = page.url();
    await page.goBack();
    await page.waitForURL((url) => url.href !== filtered);
    await waitForCurrentResults();
    const previous = new URL(page.url()).searchParams;
    expect(await page.getByTestId('filter-umk').isChecked()).toBe(previous.get('umk') === 'true');
    expect(await page.getByTestId('filter-local').isChecked()).toBe(previous.get('local') === 'true');
    await page.goForward();
    await page.waitForURL(filtered);
    await waitForCurrentResults();
    expect(await page.getByTestId('filter-umk').isChecked()).toBe(true);
    expect(await page.getByTestId('filter-local').isChecked()).toBe(true);
  });

  it('adds an offer to the cart, and the header counts it', async () => {
    // An offer out of stock cannot be added: take the first one that can.
    await page.locator('[data-testid="add-to-cart"]:not([disabled])').first().click();
    await page.getByText('Ditambahkan ke keranjang').first().waitFor();
    expect(await page.getByTestId('cart-indicator').getAttribute('data-count')).toBe('1');
  });

  it('compares two offers side by side', async () => {
    // Clear the local/UMK filters so there are certainly two offers to pick.
    await page.goto(`${baseUrl}/katalog?q=kertas`);
    await waitForResults('q=kertas');
    const cards = page.getByTestId('catalog-result');
    expect(await cards.count()).toBeGreaterThanOrEqual(2);
    const ids = [
      await cards.nth(0).getAttribute('data-product-id'),
      await cards.nth(1).getAttribute('data-product-id'),
    ];
    await cards.nth(0).getByTestId('compare-toggle').click();
    await cards.nth(1).getByTestId('compare-toggle').click();
    expect(await page.getByTestId('compare-slot').count()).toBe(2);

    await page.getByTestId('compare-open').click();
    await page.waitForURL(/\/katalog\/bandingkan\?ids=/);
    const table = page.getByTestId('compare-table');
    await table.waitFor();
    expect(await table.getByTestId('compare-column').count()).toBe(2);
    const url = new URL(page.url());
    expect(url.searchParams.get('ids')?.split(',')).toEqual(ids);
    const text = await table.textContent();
    expect(text).toContain('Rp');
    await screenshot(page, 'catalog-compare');
  });

  it('opens a product page with its seller, TKDN certificate and comparable offers', async () => {
    await page.getByTestId('compare-table').getByRole('link').first().click();
    const product = page.getByTestId('product-page');
    await product.waitFor();
    await page.getByTestId('product-seller').waitFor();
    await page.getByTestId('price-spread').waitFor();
    expect(await page.getByTestId('product-price').textContent()).toMatch(/^Rp\d/);
  });

  it('a medium-scale cooperative counts as UMK: its offer passes the UMK filter and shows the UMK badge', async () => {
    type Item = { id: string; name: string; isUmk: boolean; seller: { scale: string; name: string } };
    let found: Item | undefined;
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ umk: 'true', limit: '100', ...(cursor ? { cursor } : {}) });
      const response = await fetch(`${baseUrl}/api/v1/catalog/search?${query}`);
      const body = (await response.json()) as { items: Item[]; nextCursor: string | null };
      found = body.items.find((item) => item.seller.scale === 'menengah');
      cursor = body.nextCursor;
    } while (!found && cursor);
    expect(found, 'the demo catalogue has a medium-scale cooperative among the UMK offers').toBeDefined();
    expect(found!.isUmk).toBe(true);

    await page.goto(`${baseUrl}/katalog?${new URLSearchParams({ q: found!.name, umk: 'true' })}`);
    await waitForCurrentResults();
    const card = page.locator(`[data-testid="catalog-result"][data-product-id="${found!.id}"]`);
    await card.waitFor();
    expect(await card.getByTestId('badge-umk').count()).toBe(1);
    expect(await card.textContent()).toContain('Usaha menengah');
  });
});
