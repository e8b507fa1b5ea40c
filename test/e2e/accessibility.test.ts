// The demo pages as a keyboard or screen-reader user meets them: a skip link
// first, landmarks, labelled controls, and no axe-core violation (WCAG 2.x
// A/AA) — the Guichet components' open shadow roots included.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, onDemo, startServer, type RunningServer } from './support.ts';

let server: RunningServer;
let browser: Browser;
let axeSource: string;

before(async () => {
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core in the page (page.evaluate is not subject to the page's CSP). */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    // Sandboxed mail previews run no script, so axe cannot enter them.
    const result = await axe.run(document, { iframes: false, runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations;
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

test('a keyboard user reaches the skip link first and lands on the main content', { timeout: 60_000 }, () =>
  onDemo(browser, server, 'a11y-skip-link', { person: 'alice' }, async ({ page }) => {
    await page.goto('/software.html');
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Aller au contenu principal' });
    assert.equal(await skip.evaluate((el) => el === document.activeElement), true, 'the skip link has focus first');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#main$/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  }),
);

test('every demo page has its landmarks and no axe-core accessibility violation, our forms included', { timeout: 120_000 }, () =>
  onDemo(browser, server, 'a11y-axe', { person: 'alice' }, async ({ page }) => {
    const pages: [string, () => Promise<unknown>][] = [
      ['/', () => page.locator('#devbar-person option[value="alice"]').waitFor({ state: 'attached' })],
      ['/software.html', () => page.locator('guichet-request-form [name="inventoryNumber"]').waitFor({ state: 'visible' })],
      ['/help.html', () => page.locator('guichet-request-form [name="subject"]').waitFor({ state: 'visible' })],
      ['/guest.html', () => page.locator('guichet-request-form [name="host"]').waitFor({ state: 'visible' })],
      ['/status.html', () => page.locator('guichet-ticket-status').waitFor()],
      ['/mail.html', () => page.locator('#mail-count').filter({ hasText: /\S/ }).waitFor()],
    ];
    const found: Record<string, string[]> = {};
    for (const [path, ready] of pages) {
      await page.goto(path);
      await ready();
      await page.locator('#devbar-person option[value="alice"]').waitFor({ state: 'attached' });
      for (const role of ['banner', 'navigation', 'main', 'contentinfo', 'search'] as const) {
        assert.ok((await page.getByRole(role).count()) >= 1, `${path} has a ${role} landmark`);
      }
      found[path] = await axeViolations(page);
    }
    assert.deepEqual(found, Object.fromEntries(pages.map(([path]) => [path, []])));
  }),
);
