// The release as an operator gets it: `npm pack` in this checkout, the tarball
// installed with --omit=dev into an empty folder, `guichet serve` in production
// with a real SMTP peer, a trusted SSO proxy address and a directory file.
// One pack and one install serve every assertion of this file.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '../support/ports.ts';
import { releaseCommands } from '../support/release.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { startSmtpPeer } from '../support/smtp-peer.ts';
import { launchBrowser, repoRoot } from './support.ts';

const deadline = { start: 60_000, mail: 30_000 };

/** The environment of a child: ours without Guichet's variables or a preloaded TypeScript loader. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GUICHET_') && name !== 'NODE_OPTIONS' && !name.startsWith('npm_')));
  return { ...base, LOG_LEVEL: 'warn', ...extra };
}

/** Runs a command to its end without blocking this process: the SMTP peer it may talk to lives here. */
async function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  return { status, stdout, stderr, output: `${stdout}${stderr}` };
}

/**
 * better-sqlite3's install script looks for a prebuilt addon (prebuild-install),
 * else compiles SQLite for minutes. This machine cannot reach GitHub, where the
 * prebuilt ones live: the checkout's own build is offered as a local prebuild,
 * the documented way for an offline site, and the install script still runs.
 */
async function localPrebuilds(dir: string): Promise<Record<string, string>> {
  const version = (JSON.parse(readFileSync(join(repoRoot, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  mkdirSync(dir, { recursive: true });
  const packed = await run('tar', ['-czf', join(dir, name), '-C', join(repoRoot, 'node_modules/better-sqlite3'), 'build/Release/better_sqlite3.node'], { cwd: repoRoot, env: process.env });
  assert.equal(packed.status, 0, packed.output);
  return { npm_config_better_sqlite3_local_prebuilds: dir };
}

describe('the release: packed, installed without dev dependencies, served in production', { timeout: 20 * 60_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'guichet-release-'));
  const app = join(work, 'app');
  const bin = join(app, 'node_modules/.bin/guichet');
  let peer: Awaited<ReturnType<typeof startSmtpPeer>>;
  let server: ServerProcess | undefined;
  let port: number;
  let url = '';
  let production: Record<string, string>;

  before(async () => {
    const packed = await run(releaseCommands.pack[0], [...releaseCommands.pack.slice(1), work], { cwd: repoRoot, env: cleanEnv({}) });
    assert.equal(packed.status, 0, `npm pack failed:\n${packed.output}`);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, `npm pack made no tarball:\n${packed.output}`);

    mkdirSync(app);
    const install = await run(releaseCommands.install[0], [...releaseCommands.install.slice(1), '--prefer-offline', join(work, tarball)], {
      cwd: app,
      env: cleanEnv(await localPrebuilds(join(work, 'prebuilds'))),
    });
    assert.equal(install.status, 0, `npm install of the tarball failed:\n${install.output}`);

    peer = await startSmtpPeer();
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const directory = join(work, 'people.json');
    writeFileSync(directory, JSON.stringify([{ id: 'ines', name: 'Inès Moreau', email: 'ines.moreau@uni.example', lang: 'fr', affiliations: ['staff'], agentOf: [], admin: false }]));
    production = {
      PORT: String(port),
      GUICHET_MODE: 'production',
      GUICHET_SECRET: randomBytes(32).toString('base64url'),
      GUICHET_PUBLIC_URL: url,
      GUICHET_DATA_DIR: join(work, 'data'),
      GUICHET_SMTP_URL: peer.url,
      GUICHET_SSO_PROXIES: '127.0.0.1',
      GUICHET_DIRECTORY: `file:${directory}`,
      GUICHET_MAIL_FROM: 'Guichet <guichet@uni.example>',
      GUICHET_INBOUND_SECRET: randomBytes(24).toString('base64url'),
    };
  });

  after(async () => {
    await server?.stop();
    await peer?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('the install holds compiled JavaScript and no TypeScript loader', () => {
    assert.ok(existsSync(join(app, 'node_modules/guichet/dist/node/server/cli.js')));
    assert.ok(existsSync(join(app, 'node_modules/guichet/dist/embed/guichet.js')));
    assert.ok(existsSync(join(app, 'node_modules/guichet/dist/agent/guichet-agent.js')));
    assert.ok(existsSync(join(app, 'node_modules/guichet/forms/definitions/queues.json')));
    assert.ok(existsSync(join(app, 'node_modules/guichet/kit/index.html')));
    for (const dev of ['tsx', 'typescript', 'vite', 'esbuild']) assert.ok(!existsSync(join(app, 'node_modules', dev)), `${dev} is not installed`);
    assert.ok(existsSync(join(app, 'node_modules/smtp-server')), 'the mail listener’s dependency is a runtime dependency');
  });

  test('production refuses to start without a directory or a mail server, naming the variable', async () => {
    for (const unset of ['GUICHET_DIRECTORY', 'GUICHET_SMTP_URL']) {
      const env = { ...production, GUICHET_DATA_DIR: join(work, `refused-${unset}`) };
      delete (env as Record<string, string | undefined>)[unset];
      const refused = await run(bin, ['serve'], { cwd: app, env: cleanEnv(env) });
      assert.notEqual(refused.status, 0, `serve started without ${unset}`);
      assert.match(refused.stderr, new RegExp(`${unset}: required in production`));
    }
  });

  test('a submission through the SSO proxy makes a ticket; its mail’s link opens the status page showing it', async () => {
    // Fails if `guichet serve` ends, or does not answer the health check within the deadline.
    server = await startServerProcess(production.GUICHET_DATA_DIR!, production, {
      command: { file: bin, args: releaseCommands.serve.slice(1), cwd: app },
      port,
      startupDeadlineMilliseconds: deadline.start,
    });
    const running = server;

    const response = await fetch(`${url}/api/forms/it-help/submissions?lang=fr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), eppn: 'ines', mail: 'ines.moreau@uni.example', displayName: 'Inès Moreau', affiliation: 'staff' },
      body: JSON.stringify({ data: { subject: 'Imprimante', category: 'printing', description: 'L’imprimante du 2e étage est bloquée.' } }),
    });
    const created = (await response.json()) as { ticket: { number: string } };
    assert.equal(response.status, 201, JSON.stringify(created));
    const number = created.ticket.number;

    const waitingSince = Date.now();
    let confirmation;
    while (!(confirmation = peer.received.find((m) => m.subject?.includes(number) && m.to && JSON.stringify(m.to).includes('ines.moreau@uni.example')))) {
      assert.ok(Date.now() - waitingSince < deadline.mail, `the SMTP peer got no confirmation within ${deadline.mail} ms:\n${running.output()}`);
      await delay(100); // poll interval for the peer's mailbox, not a synchronisation
    }
    const link = new RegExp(`${url.replace(/[.]/g, '\\.')}/\\S+#ticket=${number}&token=\\S+`).exec(confirmation.text ?? '')?.[0];
    assert.ok(link, `the confirmation holds a link to the status page:\n${confirmation.text}`);
    const page = await fetch(link);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<guichet-ticket-status/);

    const browser = await launchBrowser();
    try {
      const tab = await browser.newPage();
      const violations: string[] = [];
      tab.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await tab.goto(link);
      await tab.locator('guichet-ticket-status').getByText(number).first().waitFor({ timeout: 20_000 });
      await tab.locator('guichet-ticket-status').getByText('Imprimante').first().waitFor();
      assert.deepEqual(violations, [], 'the hosted page runs under its policy without violations');
    } finally {
      await browser.close();
    }

    // The requester answers the confirmation: the MTA posts the reply, parsed on its own thread from the compiled worker.
    const replyTo = confirmation.replyTo?.value[0]?.address;
    assert.match(replyTo ?? '', /^guichet\+/, 'the confirmation carries the signed reply address');
    const reply = [
      'From: Inès Moreau <ines.moreau@uni.example>',
      `To: ${replyTo}`,
      `Subject: Re: ${confirmation.subject}`,
      `Message-ID: <${randomUUID()}@uni.example>`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Le bac 2 est aussi bloqué.',
      '',
    ].join('\r\n');
    const inbound = await fetch(`${url}/api/inbound/email`, { method: 'POST', headers: { authorization: `Bearer ${production.GUICHET_INBOUND_SECRET}`, 'content-type': 'message/rfc822' }, body: reply });
    const decided = (await inbound.json()) as { action?: string };
    assert.equal(inbound.status, 202, `${JSON.stringify(decided)}\n${running.output()}`);
    assert.equal(decided.action, 'message');
  });

  test('guichet sweep --dry-run works in production with the environment serve uses', async () => {
    const swept = await run(bin, ['sweep', '--dry-run'], { cwd: app, env: cleanEnv(production) });
    assert.equal(swept.status, 0, swept.output);
    assert.ok(Array.isArray((JSON.parse(swept.stdout) as { closed: unknown }).closed), swept.stdout);
  });

  test('guichet doctor passes with everything set, and names an unreachable SMTP and a missing identity source', async () => {
    const envFile = join(work, 'guichet.env');
    writeFileSync(envFile, Object.entries(production).map(([name, value]) => `${name}=${value}`).join('\n') + '\n');
    const healthy = await run(bin, ['doctor', '--env-file', envFile], { cwd: app, env: cleanEnv({}) });
    assert.equal(healthy.status, 0, healthy.output);
    assert.match(healthy.stdout, /^ok +identity: SSO headers from 127\.0\.0\.1/m);
    assert.match(healthy.stdout, /^ok +mail: /m);
    assert.match(healthy.stdout, /^warn +public URL: .*plain http/m);

    const closed = await freePort();
    const broken = { ...production, GUICHET_SMTP_URL: `smtp://127.0.0.1:${closed}` } as Record<string, string>;
    delete broken.GUICHET_SSO_PROXIES;
    const sick = await run(bin, ['doctor'], { cwd: app, env: cleanEnv(broken) });
    assert.equal(sick.status, 1, sick.output);
    assert.match(sick.stdout, /^fail +identity: no identity source works/m);
    assert.match(sick.stdout, new RegExp(`^fail +mail: smtp://127\\.0\\.0\\.1:${closed} unreachable`, 'm'));
  });
});
