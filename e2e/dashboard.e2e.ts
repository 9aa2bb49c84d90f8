import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser, screenshot } from './browser';

const baseUrl = inject('baseUrl');
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  ({ context, page } = await openBrowser());
});
afterAll(async () => {
  await context?.close();
});

describe('public dashboard', () => {
  it('without login shows the 35 kabupaten/kota with Batang’s row, the boundary map, and downloads the ranking as XLSX', async () => {
    await context.clearCookies();
    await page.goto(`${baseUrl}/dasbor?dari=2021-01-01&sampai=2026-12-31&per=2026-12-31&wilayah=33.25`);
    const table = page.getByTestId('ranking-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(35);
    const batang = page.getByTestId('region-33.25');
    expect(await batang.textContent()).toContain('Kabupaten Batang');
    const map = page.getByTestId('region-map');
    await map.waitFor();
    expect(await map.getAttribute('data-kind')).toBe('choropleth');
    await map.locator('canvas').first().waitFor();
    await page.getByTestId('time-series').locator('canvas').first().waitFor();
    await page.getByTestId('partner-table').waitFor();
    await screenshot(page, 'dasbor');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-xlsx').first().click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^peringkat-2021-01-01-2026-12-31\.xlsx$/);
    const file = await download.path();
    const bytes = await readFile(file!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.length).toBeGreaterThan(3_000);
  });
});
