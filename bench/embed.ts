/**
 * The embed: what each page downloads (the entry, then the chunks of the tag it
 * holds, from the build's manifest: components/report-size.ts) against its
 * budget, and in Chromium the time from the entry's arrival to the form's
 * first render — a page holding <guichet-request-form form="it-help">, the
 * module, its chunks and the API served by the real server — beside the same
 * page with lit alone rendering a static element
 * (components/bench-lit-floor.ts). Without throttling and with DevTools'
 * "Fast 3G" profile. Builds dist/ first when it is missing.
 *
 *   node --import tsx bench/embed.ts
 *   BENCH_EMBED_RUNS=3 node --import tsx bench/embed.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { pageWeights } from '../components/report-size.ts';
import { builds } from '../components/vite.config.ts';
import { repoRoot, startServerProcess } from './process.ts';
import { fixed, printTable, verdict } from './table.ts';

const runs = Number(process.env.BENCH_EMBED_RUNS ?? 5);
const kb = (bytes: number) => `${fixed(bytes / 1024, 2)} KB`;

/** DevTools' "Fast 3G" preset (front_end/core/sdk/NetworkManager.ts): 1.6 Mbps down, 750 kbps up, 150 ms × 3.75 latency. */
const fast3g = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 };

for (const [name, build] of Object.entries(builds)) {
  if (existsSync(join(repoRoot, build.outDir, build.fileName))) continue;
  console.log(`building ${build.outDir}/${build.fileName}`);
  execFileSync(process.execPath, [join(repoRoot, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'components/vite.config.ts'], {
    cwd: repoRoot,
    env: { ...process.env, GUICHET_BUILD: name },
    stdio: 'inherit',
  });
}

const floor = readFileSync(join(repoRoot, builds['lit-floor'].outDir, builds['lit-floor'].fileName));
printTable(
  'What a page downloads (entry + the chunks of its tag, and one language’s words; from the Vite manifest; gzip level 9, 1 KB = 1024 bytes)',
  ['page', 'files', 'minified', 'gzip', 'target', 'this run'],
  [
    ...(['embed', 'agent'] as const).flatMap((name) =>
      pageWeights(builds[name]).map((w) => [
        `${builds[name].fileName}${w.page === 'entry' ? ' alone' : `, <${w.page}>`}`,
        w.files.length,
        kb(w.minified),
        kb(w.gzip),
        w.budgetGzipKB === undefined ? '—' : `≤ ${w.budgetGzipKB} KB gzip`,
        w.budgetGzipKB === undefined ? '—' : verdict(w.gzip <= w.budgetGzipKB * 1024),
      ]),
    ),
    ['lit alone (floor)', 1, kb(floor.length), kb(gzipSync(floor, { level: 9 }).length), '—', '—'],
  ],
);

interface PageCase {
  name: string;
  /** Where the page fetches the module from (the server's origin). */
  modulePath: string;
  element: string;
  /** What must be in the element's shadow root for it to count as rendered. */
  rendered: string;
}

const cases: PageCase[] = [
  { name: 'guichet.js and its chunks, <guichet-request-form form="it-help">', modulePath: '/embed/guichet.js', element: '<guichet-request-form form="it-help" lang="fr" dev-user="alice"></guichet-request-form>', rendered: '[name="subject"]' },
  { name: 'lit alone, a static element (floor)', modulePath: '/bench/lit-floor.js', element: '<guichet-lit-floor name="Guichet"></guichet-lit-floor>', rendered: 'p' },
];

/** What the page logs once it has both times; the bench reads the rest afterwards. */
const renderedMessage = 'guichet-bench:rendered';

/**
 * The page records, with the browser's own clocks: the module's responseEnd
 * (resource timing), the API requests it made, and the moment the element's
 * shadow root first holds `rendered` (a MutationObserver on every shadow root
 * as it is attached); then it says so on the console. Not waitForFunction:
 * Playwright evaluates its injected script (tens of ms of main-thread work)
 * in the page for that, right after the load event, which is while the
 * form's API calls are in flight, and it delayed the form's render.
 */
function pageFor(c: PageCase): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>embed bench</title>
<script>
  const bench = (window.bench = { api: [] });
  const done = () => bench.rendered !== undefined && bench.moduleEnd !== undefined && !bench.said && (bench.said = true) && console.debug(${JSON.stringify(renderedMessage)});
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name.endsWith(${JSON.stringify(c.modulePath)})) bench.moduleEnd = e.responseEnd;
      else if (e.name.includes('/api/')) bench.api.push({ name: e.name, start: e.startTime, end: e.responseEnd });
    }
    done();
  }).observe({ type: 'resource', buffered: true });
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    new MutationObserver(() => {
      if (bench.rendered === undefined && root.querySelector(${JSON.stringify(c.rendered)})) bench.rendered = performance.now();
      done();
    }).observe(root, { childList: true, subtree: true });
    return root;
  };
</script>
<script type="module" src="${c.modulePath}"></script>
</head><body><main>${c.element}</main></body></html>`;
}

interface Timing {
  /** Module arrival (responseEnd) → first render, ms. */
  render: number;
  /** The API round trip the form waited for (first request start → last response end), ms; 0 when none. */
  roundTrip: number;
}

async function measure(browser: Browser, origin: string, c: PageCase, network: typeof fast3g | undefined): Promise<Timing> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // The host page and the floor module come from the bench, at the server's origin, so the form's API calls are same-origin
    // as on a department site that proxies Guichet; the embed module and the API come from the real server.
    await page.route(`${origin}/bench/page.html`, (route) => route.fulfill({ contentType: 'text/html', body: pageFor(c) }));
    await page.route(`${origin}/bench/lit-floor.js`, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: floor }),
    );
    if (network) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', network);
    }
    const rendered = page.waitForEvent('console', { predicate: (message) => message.text() === renderedMessage, timeout: 60_000 });
    await page.goto(`${origin}/bench/page.html`);
    await rendered;
    const b = await page.evaluate(() => (window as unknown as { bench: { rendered: number; moduleEnd: number; api: { name: string; start: number; end: number }[] } }).bench);
    const roundTrip = b.api.length ? Math.max(...b.api.map((a) => a.end)) - Math.min(...b.api.map((a) => a.start)) : 0;
    if (process.env.BENCH_EMBED_DEBUG) console.log(JSON.stringify({ moduleEnd: b.moduleEnd, rendered: b.rendered, api: b.api }));
    return { render: b.rendered - b.moduleEnd, roundTrip };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

const dataDir = mkdtempSync(join(tmpdir(), 'guichet-bench-embed-'));
const server = await startServerProcess('server/main.ts', { GUICHET_MODE: 'dev', GUICHET_DATA_DIR: dataDir });
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const rows: (string | number)[][] = [];
try {
  for (const [label, network] of [['none', undefined], ['Fast 3G', fast3g]] as const) {
    for (const c of cases) {
      await measure(browser, server.url, c, network); // warm-up: the server's first answers, the browser's first page
      const timings: Timing[] = [];
      for (let i = 0; i < runs; i++) timings.push(await measure(browser, server.url, c, network));
      const render = median(timings.map((t) => t.render));
      const roundTrip = median(timings.map((t) => t.roundTrip));
      const isForm = c.modulePath === '/embed/guichet.js';
      const target = roundTrip + 100;
      rows.push([
        label, c.name, fixed(render, 0), fixed(Math.max(...timings.map((t) => t.render)), 0), isForm ? fixed(roundTrip, 0) : '—',
        isForm ? `≤ ${fixed(target, 0)} (1 RTT + 100)` : '—', isForm ? verdict(render <= target) : '—',
      ]);
      console.log(`${label}, ${c.name}: ${fixed(render, 0)} ms`);
    }
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
printTable(
  `Entry arrival (responseEnd) → first render in Chromium, ms (median of ${runs}, fresh context each; RTT = the definition and eligibility requests, sent together)`,
  ['network', 'page', 'median', 'max', 'RTT', 'target', 'this run'],
  rows,
);
