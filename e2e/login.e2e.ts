import { stat } from 'node:fs/promises';
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

describe('signing in', () => {
  it('pp.batang logs in with the demo password and sees their home page with their satkers', async () => {
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/masuk/);
    await page.getByTestId('login-username').fill('pp.batang');
    await page.getByTestId('login-password').fill('demo');
    await page.getByTestId('login-submit').click();
    const home = page.getByTestId('home-page');
    await home.waitFor();
    const text = await home.textContent();
    expect(text).toContain('Siti Rahayu');
    expect(text).toContain('Pejabat Pengadaan');
    expect(text).toContain('Sekretariat Daerah Kabupaten Batang');
    const file = await screenshot(page, 'home-pp-batang');
    expect((await stat(file)).size).toBeGreaterThan(10_000);
  });

  it('a wrong password shows the server’s Indonesian message and stays on the login page', async () => {
    await context.clearCookies();
    await page.goto(`${baseUrl}/masuk`);
    await page.getByTestId('login-username').fill('ppk.batang');
    await page.getByTestId('login-password').fill('salah');
    await page.getByTestId('login-submit').click();
    await page.getByText('Nama pengguna atau kata sandi salah.').waitFor();
    expect(page.url()).toContain('/masuk');
  });

  it('the public region list shows the 35 kabupaten/kota without logging in', async () => {
    await context.clearCookies();
    await page.goto(`${baseUrl}/wilayah`);
    const table = page.getByTestId('region-table');
    await table.waitFor();
    await page.getByText('Kabupaten Batang').first().waitFor();
    const rows = await table.locator('tbody tr').count();
    expect(rows).toBe(36);
    await screenshot(page, 'wilayah');
  });
});
