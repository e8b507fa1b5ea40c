// What a department's page runs: the built dist/embed/ and dist/agent/ modules
// (as `npm run build` leaves them), served by the real server, on the demo's
// pages under their strict Content-Security-Policy (script-src 'self';
// style-src 'self'). Each of the six components renders there, each page
// fetches the chunks of the tags it holds and no other (the form compiler only
// with the form), and nothing throws: a build that renames or drops what the
// code reads (the reports page once failed with "reading 'share'") fails here.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { fr } from '../../components/locales/fr.ts';
import { type DemoPage, SOFTWARE_ORDER, eventually, onDemo, sharedServerAndBrowser, submitViaApi } from './support.ts';

const e2e = sharedServerAndBrowser();

/** The embed's files the page fetched, by chunk name without the content hash: `guichet`, `guichet-core`, `guichet-fr`… */
function chunksOf(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname)
      .filter((path) => /^\/embed\/(agent\/)?guichet[\w-]*\.js$/.test(path))
      .map((path) => path.replace(/^\/embed\/(agent\/)?/, '').replace(/-[\w-]{8}\.js$|\.js$/, '')),
  );
}

/** Nothing the CSP blocked, nothing thrown, and the page's chunks: all of `expected`, none of `absent`. */
async function cleanLoad(demo: DemoPage, expected: string[], absent: string[]): Promise<void> {
  const chunks = await chunksOf(demo.page);
  for (const chunk of expected) assert.ok(chunks.includes(chunk), `${chunk} was fetched (fetched: ${chunks.join(', ')})`);
  for (const chunk of absent) assert.ok(!chunks.includes(chunk), `${chunk} was not fetched (fetched: ${chunks.join(', ')})`);
  assert.deepEqual(demo.cspViolations, [], 'no CSP violation');
  assert.deepEqual(demo.pageErrors, [], 'no uncaught error');
}

const pairs = ['guichet-ticket-status', 'guichet-reopen', 'guichet-my-requests', 'guichet-request-form', 'guichet-compile'];
const others = (...kept: string[]) => pairs.filter((chunk) => !kept.includes(chunk));

test('the request form renders from dist/ with its fields, the compiler and one language', async () => {
  await onDemo(e2e.browser, e2e.server, 'built-request-form', { person: 'alice' }, async (demo) => {
    await demo.page.goto('/software.html');
    await demo.page.locator('guichet-request-form select[name="software"]').waitFor();
    assert.equal((await demo.page.locator('guichet-request-form button[type="submit"]').textContent())?.trim(), fr.submit);
    await cleanLoad(demo, ['guichet', 'guichet-core', 'guichet-request-form', 'guichet-compile', 'guichet-fr'], [...others('guichet-request-form', 'guichet-compile'), 'guichet-en', 'guichet-de']);
  });
});

test('the status, reopen and requests pages render from dist/ without the form compiler', async () => {
  const { number, accessToken } = await submitViaApi(e2e.server, 'alice', 'software-order', { ...SOFTWARE_ORDER });
  await onDemo(e2e.browser, e2e.server, 'built-ticket-pages', { person: 'alice' }, async (demo) => {
    await demo.page.goto(`/status.html#ticket=${number}&token=${accessToken}`);
    await demo.page.locator('guichet-ticket-status [part="state"]').waitFor();
    await demo.page.locator('guichet-ticket-status').getByText(number).first().waitFor();
    await cleanLoad(demo, ['guichet', 'guichet-core', 'guichet-ticket-status', 'guichet-fr'], others('guichet-ticket-status'));

    await demo.page.goto(`/reopen.html#ticket=${number}&token=${accessToken}`);
    await demo.page.locator('guichet-reopen [part="message"]', { hasText: fr.stillOpen }).waitFor();
    await cleanLoad(demo, ['guichet', 'guichet-core', 'guichet-reopen'], others('guichet-reopen'));

    await demo.page.goto('/requests.html');
    await demo.page.locator('guichet-my-requests').getByText(number).first().waitFor();
    await cleanLoad(demo, ['guichet', 'guichet-core', 'guichet-my-requests'], others('guichet-my-requests'));
  });
});

test('the agents’ inbox and the reports page render from dist/agent/, each with its own chunk, the reports with their figures', async () => {
  const { number } = await submitViaApi(e2e.server, 'alice', 'software-order', { ...SOFTWARE_ORDER });
  await onDemo(e2e.browser, e2e.server, 'built-agent-pages', { person: 'eva' }, async (demo) => {
    await demo.page.goto('/agent.html');
    await demo.page.locator('guichet-agent-inbox').getByText(number).first().waitFor();
    await cleanLoad(demo, ['guichet-agent', 'guichet-core', 'guichet-agent-inbox'], ['guichet-queue-report']);

    await demo.page.goto('/reports.html');
    const purchasing = demo.page.locator('guichet-queue-report [part="queue"][data-queue="purchasing"]');
    await purchasing.waitFor();
    const figure = async (name: string, part = '.value') => (await purchasing.locator(`[data-figure="${name}"] ${part}`).textContent())?.trim();
    // At least the tickets of this file; the reopened counts and the thanks: what the renamed build lost.
    await eventually(async () => Number(await figure('created')) >= 2, { what: 'the created count' });
    assert.match((await figure('reopened', '.muted')) ?? '', /^0 .+ · 0 .+/);
    assert.equal(await figure('thanks'), '0');
    await cleanLoad(demo, ['guichet-agent', 'guichet-core', 'guichet-queue-report'], ['guichet-agent-inbox']);
  });
});
