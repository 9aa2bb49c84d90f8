import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openBrowser } from './browser';

const baseUrl = inject('baseUrl');
/** Screenshots of this journey stay out of the repository. */
const SHOTS = process.env.E2E_SCREENSHOT_DIR ?? path.join(os.tmpdir(), 'blangkon-order-shots');
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

let context: BrowserContext;
let page: Page;
/** The orders the checkout created, in the order the page lists them. */
let created: string[] = [];

interface Product {
  id: string;
  name: string;
  priceIdr: number;
  minOrderQty: number;
  stock: number | null;
  isActive: boolean;
  seller: { id: string };
}

async function shot(name: string, viewport = LAPTOP) {
  await mkdir(SHOTS, { recursive: true });
  await page.setViewportSize(viewport);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  await page.setViewportSize(LAPTOP);
}

/** The demo catalogue is pushed by the reference partner after start: wait until paper is found. */
async function waitForCatalogue(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${baseUrl}/api/v1/catalog/search?q=kertas&limit=1`).catch(() => null);
    if (response?.ok && ((await response.json()) as { total: number }).total > 0) return;
    if (Date.now() > deadline) throw new Error(`no catalogue within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function logIn(username: string) {
  await page.goto(`${baseUrl}/masuk`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('demo');
  await page.getByTestId('login-submit').click();
  // The login page may send on to the page the last session was on; the journey goes on from there.
  await page.waitForURL((url) => !url.pathname.startsWith('/masuk'));
}

async function logOut() {
  await page.getByTestId('logout-button').click();
  await page.waitForURL(/\/masuk/);
}

/** Polls the order (with the browser's session) until it has `status`. */
async function waitForStatus(number: string, status: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const response = await page.request.get(`${baseUrl}/api/v1/orders/${number}`);
    if (response.ok()) {
      last = ((await response.json()) as { status: string }).status;
      if (last === status) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`order ${number} still ${last}, not ${status}, after ${timeoutMs} ms`);
}

async function openOrderFromList(number: string) {
  await page.locator(`[data-testid="order-row"][data-number="${number}"] [data-testid="order-link"]`).click();
  await page.waitForURL(new RegExp(`/pesanan/${number}$`));
  await page.locator(`[data-testid="order-page"][data-number="${number}"]`).waitFor();
}

beforeAll(async () => {
  await waitForCatalogue(90_000);
  ({ context, page } = await openBrowser(LAPTOP));
  page.setDefaultTimeout(60_000);
}, 150_000);
afterAll(async () => {
  await context?.close();
});

describe('an order from cart to completed with the reference partner', { timeout: 240_000 }, () => {
  it('pp.batang buys from two sellers: the checkout shows one order per seller and places both', async () => {
    await logIn('pp.batang');
    await page.goto(`${baseUrl}/katalog?q=kertas`);
    await page.getByTestId('catalog-result').first().waitFor();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="catalog-results"]')?.getAttribute('data-ready') === 'true',
    );

    // Two affordable offers of two different sellers among the results (each order stays below
    // Batang's PPK-approval threshold, so both go straight to the partner).
    const ids = await page
      .getByTestId('catalog-result')
      .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-product-id') ?? ''));
    const chosen: Product[] = [];
    for (const id of ids) {
      const response = await page.request.get(`${baseUrl}/api/v1/catalog/products/${id}`);
      const { product } = (await response.json()) as { product: Product };
      const qty = Math.max(product.minOrderQty, 2);
      if (!product.isActive || (product.stock !== null && product.stock < qty)) continue;
      if (product.priceIdr * qty > 5_000_000) continue;
      if (chosen.some((other) => other.seller.id === product.seller.id)) continue;
      chosen.push(product);
      if (chosen.length === 2) break;
    }
    expect(chosen).toHaveLength(2);
    for (const product of chosen) {
      await page
        .locator(`[data-testid="catalog-result"][data-product-id="${product.id}"]`)
        .getByTestId('add-to-cart')
        .click();
    }
    await page.waitForFunction(
      () => document.querySelector('[data-testid="cart-indicator"]')?.getAttribute('data-count') === '2',
    );

    // The header's cart leads to the cart page.
    await page.getByTestId('cart-link').click();
    await page.waitForURL(/\/keranjang$/);
    await page.getByTestId('cart-line').nth(1).waitFor();
    for (const product of chosen) {
      const qty = page.locator(
        `[data-testid="cart-line"][data-product-id="${product.id}"] [data-testid="cart-qty"]`,
      );
      await qty.fill(String(Math.max(product.minOrderQty, 2)));
      await qty.blur();
    }
    await page.getByTestId('cart-satker').click();
    await page.getByRole('option', { name: /Sekretariat Daerah/ }).click();
    await page.getByTestId('cart-address').fill('Jl. Veteran No. 1, Kauman, Batang 51215');
    await shot('cart-laptop');
    await shot('cart-phone', PHONE);

    await page.getByTestId('checkout-preview').click();
    await page.getByTestId('checkout').waitFor();
    expect(await page.getByTestId('preview-order').count()).toBe(2);
    const previewText = await page.getByTestId('checkout').textContent();
    expect(previewText).toContain('DPP');
    expect(previewText).toContain('Terkirim ke mitra');
    expect(previewText).toMatch(/Rp\d{1,3}(\.\d{3})*/);
    // A splitting warning (an earlier run of the same buyer and seller) blocks until a reason is written.
    if ((await page.getByTestId('split-reason').count()) > 0) {
      expect(await page.getByTestId('checkout-place').isDisabled()).toBe(true);
      await page.getByTestId('split-reason').fill('Kebutuhan kegiatan yang berbeda dari pesanan sebelumnya.');
    }
    await shot('checkout-laptop');
    await shot('checkout-phone', PHONE);

    await page.getByTestId('checkout-place').click();
    await page.waitForURL(/\/pesanan$/);
    await page.getByTestId('orders-created').waitFor();
    created = await page.getByTestId('created-order-link').allTextContents();
    expect(created).toHaveLength(2);
    // The cart is empty after checkout.
    expect(await page.getByTestId('cart-indicator').getAttribute('data-count')).toBe('0');
    await page.locator(`[data-testid="order-row"][data-number="${created[0]}"]`).waitFor();
    await shot('my-orders-laptop');
    await shot('my-orders-phone', PHONE);
  });

  it('the reference partner accepts, ships and delivers both orders; the order page shows the timeline', async () => {
    for (const number of created) await waitForStatus(number, 'delivered');
    const number = created[0] as string;
    await page.goto(`${baseUrl}/pesanan/${number}`);
    await page.locator('[data-testid="order-page"][data-status="delivered"]').waitFor();
    const timeline = await page.getByTestId('order-timeline').textContent();
    for (const label of ['Terkirim ke mitra', 'Diterima mitra', 'Dikirim', 'Sampai di tujuan']) {
      expect(timeline).toContain(label);
    }
    expect(timeline).toContain('WIB');
    // A PP has no receipt form; the SP link is there, the BAST link not yet.
    expect(await page.getByTestId('receipt-form').count()).toBe(0);
    expect(await page.getByTestId('doc-sp').getAttribute('href')).toBe(
      `/api/v1/orders/${number}/documents/sp.pdf`,
    );
    expect(await page.getByTestId('doc-bast').count()).toBe(0);
    await shot('order-pp-laptop');
    await shot('order-pp-phone', PHONE);
    await logOut();
  });

  it('ppk.batang signs the BAST of one order from the queue', async () => {
    await logIn('ppk.batang');
    await page.goto(`${baseUrl}/ppk`);
    await page.getByTestId('order-list').waitFor();
    await shot('ppk-queue-laptop');
    await shot('ppk-queue-phone', PHONE);
    const number = created[0] as string;
    await openOrderFromList(number);
    await page.getByTestId('receipt-form').waitFor();
    await page.getByTestId('receipt-note').fill('Barang diterima lengkap dan baik.');
    await shot('receipt-laptop');
    await shot('receipt-phone', PHONE);
    await page.getByTestId('receipt-submit').click();
    await page.locator('[data-testid="order-page"][data-status="received"]').waitFor();
    expect(await page.getByTestId('doc-bast').getAttribute('href')).toBe(
      `/api/v1/orders/${number}/documents/bast.pdf`,
    );
    expect(await page.getByTestId('receipt-form').count()).toBe(0);
    await logOut();
  });

  it('the partner invoices; bendahara.batang pays the exact total and the order completes', async () => {
    const number = created[0] as string;
    await logIn('bendahara.batang');
    await waitForStatus(number, 'invoiced');
    await page.goto(`${baseUrl}/pembayaran`);
    await page.locator(`[data-testid="order-row"][data-number="${number}"]`).waitFor();
    await shot('payment-queue-laptop');
    await openOrderFromList(number);
    await page.getByTestId('payment-form').waitFor();
    const total = await page.getByTestId('order-total').textContent();
    expect(await page.getByTestId('payment-amount').inputValue()).toBe(total);
    await page.getByTestId('payment-reference').fill('VA-3325-0001');
    await shot('payment-laptop');
    await shot('payment-phone', PHONE);
    await page.getByTestId('payment-submit').click();
    await page.locator('[data-testid="order-page"][data-status="paid"]').waitFor();

    // The partner forwards the payment to the seller: completed.
    await waitForStatus(number, 'completed');
    await page.reload();
    await page.locator('[data-testid="order-page"][data-status="completed"]').waitFor();
    const invoice = await page.getByTestId('order-invoice').textContent();
    expect(invoice).toContain(total ?? '');
    expect(await page.getByTestId('order-timeline').textContent()).toContain('Selesai');
    await shot('order-completed-laptop');
    await shot('order-completed-phone', PHONE);
  });

  it('the Surat Pesanan downloaded from the order page names the order', async () => {
    const number = created[0] as string;
    const href = await page.getByTestId('doc-sp').getAttribute('href');
    const response = await page.request.get(`${baseUrl}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: new Uint8Array(await response.body()) }).promise;
    let text = '';
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    }
    expect(text).toContain(number);
    expect(text).toContain('Surat Pesanan');
  });
});

describe('queues and pages of the other roles', { timeout: 120_000 }, () => {
  it('admin.batang sees the pemda’s orders and the purchase rules', async () => {
    await logOut();
    await logIn('admin.batang');
    await page.goto(`${baseUrl}/admin/pesanan`);
    await page.locator(`[data-testid="order-row"][data-number="${created[1]}"]`).waitFor();
    await shot('admin-orders-laptop');
    await shot('admin-orders-phone', PHONE);
    await page.goto(`${baseUrl}/admin/aturan`);
    await page.getByTestId('rules-table').waitFor();
    // Batang's rule in force: direct purchase below Rp50.000.000.
    expect(await page.locator('[data-testid="rule-row"][data-state="inForce"]').textContent()).toContain(
      'Rp50.000.000',
    );
    await shot('rules-laptop');
    await shot('rules-phone', PHONE);
  });
});
