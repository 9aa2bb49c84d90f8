import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { openBrowser, screenshot } from './browser';

const baseUrl = inject('baseUrl');
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page as it stands (evaluated past the CSP). */
async function seriousFindings(page: Page): Promise<string[]> {
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run: (
            context: Document,
          ) => Promise<{ violations: Array<{ id: string; impact: string; nodes: unknown[] }> }>;
        };
      }
    ).axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}, ${v.nodes} elements)`);
}

describe('the operator’s home and purchase-rules pages (separation-of-duties switch)', () => {
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    it(`have no serious or critical axe-core finding and no sideways scroll at ${viewport.width} px`, async () => {
      const { context, page } = await openBrowser(viewport);
      try {
        await page.goto(`${baseUrl}/masuk`);
        await page.getByTestId('login-username').fill('admin.batang');
        await page.getByTestId('login-password').fill('demo');
        await page.getByTestId('login-submit').click();
        await page.getByTestId('home-page').waitFor();
        expect(await seriousFindings(page)).toEqual([]);

        await page.goto(`${baseUrl}/admin/aturan`);
        await page.getByText('Pemisahan tugas', { exact: false }).first().waitFor();
        expect(await seriousFindings(page)).toEqual([]);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await screenshot(page, `rules-operator-${viewport.width}`);
      } finally {
        await context.close();
      }
    });
  }
});
