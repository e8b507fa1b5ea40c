// The editor's kit: its page and the versioned, integrity-checked module it
// hands out (server/routes/editor-kit.ts), and the advice it gives
// (kit/kit-advice.js). The browser side is test/e2e/editor-kit.test.ts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { checkPages, hostPagePolicy, originsToDeclare, snippet, statusPageSnippet, themeCss } from '../../kit/kit-advice.js';
import { shippedPeopleFile } from '../../server/config.ts';
import { packageVersion } from '../../server/embed-module.ts';
import { editorKitRoutes } from '../../server/routes/editor-kit.ts';
import { send } from '../support/http.ts';
import { createTestRuntime } from '../support/runtime.ts';

const kitDir = fileURLToPath(new URL('../../kit/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'guichet-kit-'));
after(() => rmSync(work, { recursive: true, force: true }));

const sri = (bytes: string) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

function kit(embedFile: string, mode: 'dev' | 'production' = 'production') {
  return editorKitRoutes({ kitDir, embedFile, config: { publicUrl: 'https://guichet.example.edu', mode } });
}

async function facts(app: ReturnType<typeof kit>, path = '/embed') {
  const response = await app.request(path);
  const html = await response.text();
  const json = /<script type="application\/json" id="kit-facts">([^<]*)<\/script>/.exec(html)?.[1];
  assert.ok(json, 'the page carries its facts');
  return { response, facts: JSON.parse(json) as { origin: string; mode: string; module: { url: string; integrity: string } | null } };
}

describe('the kit page', () => {
  test('is served at /embed and /embed/ under a strict policy of its own, with no inline script', async () => {
    const file = join(work, 'page.js');
    writeFileSync(file, 'export {};\n');
    for (const path of ['/embed', '/embed/']) {
      const { response, facts: given } = await facts(kit(file), path);
      assert.equal(response.status, 200);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.doesNotMatch(csp, /unsafe/);
      assert.equal(given.origin, 'https://guichet.example.edu');
      assert.deepEqual(given.module, { url: `https://guichet.example.edu/embed/v${packageVersion}/guichet.js`, integrity: sri('export {};\n') });
    }
  });

  test('the running app serves it in production, where the demo is not served', async () => {
    const runtime = await createTestRuntime({ env: { GUICHET_MODE: 'production', GUICHET_SECRET: 'a production secret of more than 32 bytes', GUICHET_PUBLIC_URL: 'https://guichet.example.edu', GUICHET_DIRECTORY: `file:${shippedPeopleFile}`, GUICHET_MAIL: `file:${join(tmpdir(), 'guichet-kit-mail')}` } });
    try {
      assert.equal(runtime.config.mode, 'production');
      const page = await send(runtime, 'GET', '/embed');
      assert.equal(page.status, 200);
      assert.match(String(page.body), /"origin":"https:\/\/guichet\.example\.edu","mode":"production"/);
      assert.equal((await send(runtime, 'GET', '/embed/kit/kit.js')).status, 200);
      assert.equal((await send(runtime, 'GET', '/help.html')).status, 404, 'the demo is dev only');
    } finally {
      await runtime.close();
    }
  });

  test('the running app sends the embed’s files compressed to a browser that accepts gzip', async () => {
    const runtime = await createTestRuntime();
    try {
      const response = await runtime.app.request('/embed/kit/kit.js', { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-encoding'), 'gzip');
      const bytes = gunzipSync(Buffer.from(await response.arrayBuffer()));
      assert.equal(bytes.toString('utf8'), readFileSync(join(kitDir, 'kit.js'), 'utf8'));
    } finally {
      await runtime.close();
    }
  });

  test('the running app serves it in dev mode too', async () => {
    const runtime = await createTestRuntime();
    try {
      const page = await send(runtime, 'GET', '/embed');
      assert.equal(page.status, 200);
      assert.match(String(page.body), /<script type="module" src="\/embed\/kit\/kit\.js"><\/script>/);
      assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      for (const asset of ['kit.js', 'kit-advice.js', 'kit-text.js', 'kit.css', 'host-page.css']) {
        assert.equal((await send(runtime, 'GET', `/embed/kit/${asset}`)).status, 200, asset);
      }
      assert.equal((await send(runtime, 'GET', '/embed/kit/index.html')).status, 404, 'only the listed assets');
    } finally {
      await runtime.close();
    }
  });
});

describe('the versioned module', () => {
  test('serves the exact bytes its integrity names, cached for a year; another version is not found', async () => {
    const file = join(work, 'versioned.js');
    writeFileSync(file, 'console.log("v1");\n');
    const app = kit(file);
    const { facts: given } = await facts(app);
    const path = new URL(given.module!.url).pathname;
    const served = await app.request(path);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(served.headers.get('content-type') ?? '', /^text\/javascript/);
    const body = await served.text();
    assert.equal(body, 'console.log("v1");\n');
    assert.equal(sri(body), given.module!.integrity);
    assert.equal((await app.request('/embed/v0.0.0-old/guichet.js')).status, 404);
  });

  test('the chunks it imports on demand are served beside it, cached as long; another version or name is not found', async () => {
    const dir = mkdtempSync(join(work, 'chunks-'));
    const file = join(dir, 'guichet.js');
    writeFileSync(file, 'export const load = () => import("./guichet-attachments-Ab1_x.js");\n');
    writeFileSync(join(dir, 'guichet-attachments-Ab1_x.js'), 'export const chunk = 1;\n');
    const app = kit(file);
    const served = await app.request(`/embed/v${packageVersion}/guichet-attachments-Ab1_x.js`);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(served.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(await served.text(), 'export const chunk = 1;\n');
    assert.equal((await app.request('/embed/v0.0.0-old/guichet-attachments-Ab1_x.js')).status, 404);
    assert.equal((await app.request(`/embed/v${packageVersion}/guichet-missing-Zz9.js`)).status, 404);
  });

  test('keeps the bytes it read even when the file is rebuilt under it, so the integrity never lies', async () => {
    const file = join(work, 'rebuilt.js');
    writeFileSync(file, 'console.log("first");\n');
    const app = kit(file);
    const { facts: first } = await facts(app);
    writeFileSync(file, 'console.log("second");\n');
    const { facts: again } = await facts(app);
    assert.equal(again.module!.integrity, first.module!.integrity);
    assert.equal(await (await app.request(new URL(first.module!.url).pathname)).text(), 'console.log("first");\n');
  });

  test('not built yet: the page says so, and the module is found once it is built', async () => {
    const file = join(work, 'later.js');
    const app = kit(file);
    assert.equal((await facts(app)).facts.module, null);
    assert.equal((await app.request(`/embed/v${packageVersion}/guichet.js`)).status, 404);
    writeFileSync(file, 'export const built = true;\n');
    assert.equal((await facts(app)).facts.module?.integrity, sri('export const built = true;\n'));
    assert.equal((await app.request(`/embed/v${packageVersion}/guichet.js`)).status, 200);
  });
});

describe('the advice', () => {
  test('check my page refuses what is not a web address, rather than turning it into an origin', () => {
    const inputs = ['not a url', 'notaurl', 'notaurl.', '1234', 'mailto:alice@it.example.edu', 'alice:secret@it.example.edu', 'javascript:alert(1)', 'ftp://files.example.edu', 'it.example.edu:99999'];
    assert.deepEqual(
      checkPages(inputs.join('\n'), ['https://it.example.edu']).map((c) => [c.input, c.origin]),
      inputs.map((input) => [input, undefined]),
    );
    // What is one stays accepted: an IP address as typed, localhost with a port, IPv6, an internationalised domain.
    assert.deepEqual(
      checkPages('192.168.1.10/help\nlocalhost:8080/x\nhttp://[::1]:8787/\nbücher.example', []).map((c) => c.origin),
      ['https://192.168.1.10', 'https://localhost:8080', 'http://[::1]:8787', 'https://xn--bcher-kva.example'],
    );
  });

  test('check my page: each address’s origin against the allowlist, and what to declare', () => {
    const allowed = ['https://it.example.edu'];
    const checks = checkPages('https://it.example.edu/help/form.html?x=1\n  physics.example.edu/it \nhttp://it.example.edu/\nftp://files.example.edu\nnot an address\nnotaurl\n\nphysics.example.edu/other', allowed);
    assert.deepEqual(
      checks.map((c) => [c.input, c.origin, c.allowed]),
      [
        ['https://it.example.edu/help/form.html?x=1', 'https://it.example.edu', true],
        ['physics.example.edu/it', 'https://physics.example.edu', false],
        ['http://it.example.edu/', 'http://it.example.edu', false],
        ['ftp://files.example.edu', undefined, false],
        ['not an address', undefined, false],
        ['notaurl', undefined, false],
        ['physics.example.edu/other', 'https://physics.example.edu', false],
      ],
    );
    assert.deepEqual(originsToDeclare(checks, allowed), ['https://it.example.edu', 'https://physics.example.edu', 'http://it.example.edu']);
  });

  test('the CSP: the module and the API from the Guichet origin, and a strict header for a page without one', () => {
    const policy = hostPagePolicy('https://guichet.example.edu');
    assert.deepEqual(policy.directives, ['script-src https://guichet.example.edu', 'connect-src https://guichet.example.edu']);
    assert.equal(policy.header, "default-src 'self'; script-src 'self' https://guichet.example.edu; connect-src 'self' https://guichet.example.edu; object-src 'none'; base-uri 'self'");
  });

  test('the CSP of a form open to anonymous requesters lets the ALTCHA worker start (from a blob: URL on the department’s origin)', () => {
    const policy = hostPagePolicy('https://guichet.example.edu', { anonymous: true });
    assert.ok(policy.directives.includes('worker-src blob:'));
    assert.match(policy.header, /; worker-src 'self' blob:;/);
  });

  test('the theme rule sets the components’ own custom properties, falling back to their defaults', () => {
    const css = themeCss({ accent: '#c2185b', radius: '0px' });
    assert.match(css, /^guichet-request-form,\nguichet-ticket-status,\nguichet-reopen,\nguichet-my-requests \{\n/);
    assert.match(css, /--guichet-color-primary: #c2185b;/);
    assert.match(css, /--guichet-border-radius: 0px;/);
    assert.match(css, /--guichet-font-family: system-ui, sans-serif;/);
    assert.match(css, /--guichet-spacing: 1rem;/);
  });

  test('the status page: where the confirmation mail links, and the element it holds', () => {
    const module = { url: 'https://guichet.example.edu/embed/v1.0.0/guichet.js', integrity: 'sha384-abc' };
    const relative = statusPageSnippet({ module, definition: { statusPage: '/status.html' }, origin: 'https://guichet.example.edu', lang: 'de' });
    assert.equal(relative.url, 'https://guichet.example.edu/status.html');
    assert.match(relative.code, /\n<guichet-ticket-status lang="de"><\/guichet-ticket-status>\n$/);
    const own = statusPageSnippet({ module, definition: { statusPage: 'https://it.example.edu/requests/status' }, origin: 'https://guichet.example.edu', lang: 'fr' });
    assert.equal(own.url, 'https://it.example.edu/requests/status');
  });

  test('the snippet escapes what it quotes', () => {
    const code = snippet({ module: { url: 'https://g.example.edu/embed/v1.0.0/guichet.js', integrity: 'sha384-abc' }, formId: 'it-help', lang: 'en"><script>' });
    assert.match(code, /lang="en&quot;>&lt;script>"/);
    assert.equal(code.split('\n')[0], '<script type="module" src="https://g.example.edu/embed/v1.0.0/guichet.js" integrity="sha384-abc" crossorigin="anonymous"></script>');
  });
});
