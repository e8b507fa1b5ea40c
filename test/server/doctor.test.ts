import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { shippedPeopleFile } from '../../server/config.ts';
import { runChecks } from '../../server/doctor.ts';
import { startOidcIssuer, type OidcIssuer } from '../support/oidc-issuer.ts';
import { freePort } from '../support/ports.ts';
import { testFormsDir } from '../support/protection.ts';
import { startSmtpPeer } from '../support/smtp-peer.ts';
import { createTestRuntime, testDatabaseEnv } from '../support/runtime.ts';

type Checks = Awaited<ReturnType<typeof runChecks>>;
const line = (checks: Checks, name: string) => checks.find((c) => c.name === name);

describe('guichet doctor', () => {
  const folders: string[] = [];
  let peer: Awaited<ReturnType<typeof startSmtpPeer>>;
  let issuer: OidcIssuer;
  let production: Record<string, string>;
  before(async () => {
    peer = await startSmtpPeer();
    issuer = await startOidcIssuer();
    const dataDir = mkdtempSync(join(tmpdir(), 'guichet-doctor-'));
    folders.push(dataDir);
    const directory = join(dataDir, 'people.json');
    writeFileSync(directory, '[]');
    production = {
      GUICHET_MODE: 'production',
      GUICHET_SECRET: 'a production secret of more than 32 bytes',
      GUICHET_PUBLIC_URL: 'https://guichet.example.edu',
      GUICHET_DATA_DIR: dataDir,
      GUICHET_SMTP_URL: peer.url,
      GUICHET_DIRECTORY: `file:${directory}`,
      GUICHET_SSO_PROXIES: '10.0.0.5',
      ...(await testDatabaseEnv(dataDir)),
    };
    // The database as `guichet migrate` leaves it.
    const runtime = await createTestRuntime({ dataDir, env: production });
    await runtime.close();
  });
  after(async () => {
    await peer.stop();
    await issuer.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  test('a ready configuration: every line ok', async () => {
    const checks = await runChecks(production);
    assert.deepEqual(checks.filter((c) => c.status !== 'ok'), []);
    assert.match(line(checks, 'database')!.detail, /reachable, migrated/);
  });

  test('the shipped demo directory is refused', async () => {
    const checks = await runChecks({ ...production, GUICHET_DIRECTORY: `file:${shippedPeopleFile}` });
    assert.equal(line(checks, 'directory')!.status, 'fail');
    assert.match(line(checks, 'directory')!.detail, /shipped demo directory/);
  });

  test('OIDC counts as an identity source when its issuer answers, and fails when it does not', async () => {
    const oidc = { ...production, GUICHET_IDENTITY: 'oidc', GUICHET_OIDC_ISSUER: issuer.issuer, GUICHET_OIDC_AUDIENCE: issuer.audience };
    assert.equal(line(await runChecks(oidc), 'identity')!.status, 'ok');
    const closed = `http://127.0.0.1:${await freePort()}`;
    const unreachable = line(await runChecks({ ...oidc, GUICHET_OIDC_ISSUER: closed }), 'identity')!;
    assert.equal(unreachable.status, 'fail');
    assert.match(unreachable.detail, /OIDC issuer unreachable/);
  });

  test('a database not migrated yet, and a form linking to a page production does not serve', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'guichet-doctor-fresh-'));
    folders.push(fresh);
    const forms = testFormsDir({}, (d) => (d.id === 'it-help' ? { ...d, statusPage: '/status.html' } : d));
    folders.push(forms);
    const checks = await runChecks({ ...production, GUICHET_DATABASE_URL: '', GUICHET_DATA_DIR: fresh, GUICHET_FORMS_DIR: forms });
    assert.equal(line(checks, 'database')!.status, 'fail');
    assert.match(line(checks, 'database')!.detail, /run guichet migrate/);
    assert.equal(line(checks, 'form it-help')!.status, 'fail');
    assert.match(line(checks, 'form it-help')!.detail, /status\.html is not served by Guichet in production/);
    assert.equal(line(checks, 'form software-order')!.status, 'ok');
  });

  test('a configuration that does not load is one failed line naming the variables', async () => {
    const { GUICHET_DIRECTORY: _, ...withoutDirectory } = production;
    const checks = await runChecks(withoutDirectory);
    assert.equal(checks.length, 1);
    assert.equal(checks[0]!.status, 'fail');
    assert.match(checks[0]!.detail, /GUICHET_DIRECTORY: required in production/);
  });
});
