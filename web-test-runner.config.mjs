// Component tests in real Chromium against the REAL Guichet server (SQLite in
// a temp folder, fixed clock, dev identity). Run under tsx so the server's
// TypeScript loads:
//   node --import tsx node_modules/@web/test-runner/dist/bin.js --config web-test-runner.config.mjs
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const { startTestServer } = await import('./test/support/test-server.ts');
const server = await startTestServer({ now: new Date('2026-03-10T09:00:00Z') });
/** The same server with an institution's login page (GUICHET_LOGIN_URL): the request form links to it. */
const signInServer = await startTestServer({ now: new Date('2026-03-10T09:00:00Z'), env: { GUICHET_LOGIN_URL: 'https://uni.example/Shibboleth.sso/Login?target={return}' } });

/**
 * Holds the attachment chunk back while a test says so, to show what a page
 * does before it has come (test/components/absent-chunk.test.ts):
 * `GET /__attachment-chunk/hold`, then `…/release`; `…/waiting` says how many
 * of its requests are held now.
 */
const chunkPath = '/components/internal/attachments.ts';
let released = Promise.resolve();
let release = () => {};
let waiting = 0;
async function attachmentChunkGate(ctx, next) {
  if (ctx.path === '/__attachment-chunk/hold') {
    released = new Promise((resolve) => (release = resolve));
    ctx.body = 'held';
    return;
  }
  if (ctx.path === '/__attachment-chunk/release') {
    release();
    ctx.body = 'released';
    return;
  }
  if (ctx.path === '/__attachment-chunk/waiting') {
    ctx.body = String(waiting);
    return;
  }
  if (ctx.path !== chunkPath) return next();
  waiting++;
  await released;
  waiting--;
  return next();
}

export default {
  files: 'test/components/**/*.test.ts',
  middleware: [attachmentChunkGate],
  nodeResolve: true,
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 15_000 } },
  browsers: [
    chromeLauncher({
      // The launcher reuses a page from one test file to the next, and Chromium would lend a later file the
      // modules an earlier one loaded without asking the server again (no-store or not): with the page's
      // cache off, each file loads what it uses itself, so no file depends on which ran before it.
      async createPage({ context }) {
        const page = await context.newPage();
        await page.setCacheEnabled(false);
        return page;
      },
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    {
      name: 'guichet-test-server',
      async serverStop() {
        await Promise.all([server.close(), signInServer.close()]);
      },
    },
  ],
  // The tests read the servers' addresses from window.GUICHET_API and GUICHET_SIGN_IN_API (test/components/support.ts).
  testRunnerHtml: (testFramework) => `<!doctype html>
<html lang="en">
  <head><script>window.GUICHET_API = ${JSON.stringify(server.url)}; window.GUICHET_SIGN_IN_API = ${JSON.stringify(signInServer.url)};</script></head>
  <body><script type="module" src="${testFramework}"></script></body>
</html>`,
};
