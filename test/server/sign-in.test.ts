// Signing in from a department page: GUICHET_LOGIN_URL reaches the embed in the
// eligibility answer of a visitor without an identity, and a production start
// without an identity source or a login page says so in its log.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { refusal } from '../support/config.ts';
import { loadConfig, shippedPeopleFile } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { createRuntime } from '../../server/runtime.ts';
import { send } from '../support/http.ts';
import { createTestRuntime, testDatabaseEnv } from '../support/runtime.ts';

const shibboleth = 'https://uni.example/Shibboleth.sso/Login?target={return}';
const secret = 'x'.repeat(32);


describe('GUICHET_LOGIN_URL', () => {
  test('is an http(s) URL template with {return} where the page’s address goes', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'guichet-sign-in-'));
    try {
      assert.equal(loadConfig({ GUICHET_SECRET: secret, GUICHET_DATA_DIR: dataDir, GUICHET_DIRECTORY: 'file:people.json', GUICHET_SMTP_URL: 'smtp://mail.example.edu', GUICHET_LOGIN_URL: shibboleth }).loginUrl, shibboleth);
      assert.equal(loadConfig({ GUICHET_SECRET: secret, GUICHET_DATA_DIR: dataDir, GUICHET_DIRECTORY: 'file:people.json', GUICHET_SMTP_URL: 'smtp://mail.example.edu' }).loginUrl, undefined);
      assert.match(refusal({ GUICHET_SECRET: secret, GUICHET_LOGIN_URL: 'https://uni.example/login' }), /GUICHET_LOGIN_URL: expected \{return\}/);
      assert.match(refusal({ GUICHET_SECRET: secret, GUICHET_LOGIN_URL: 'javascript:alert(1)//{return}' }), /GUICHET_LOGIN_URL: expected an http/);
      assert.match(refusal({ GUICHET_SECRET: secret, GUICHET_LOGIN_URL: 'not a url {return}' }), /GUICHET_LOGIN_URL: expected an http/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('a visitor without an identity is told where to sign in, on a form that needs one', async () => {
    const runtime = await createTestRuntime({ env: { GUICHET_LOGIN_URL: shibboleth } });
    try {
      const nobody = await send(runtime, 'GET', '/api/forms/software-order/eligibility?lang=en');
      assert.equal(nobody.status, 401);
      assert.equal(nobody.body.error.code, 'unauthenticated');
      assert.equal(nobody.body.error.loginUrl, shibboleth);
      const alice = await send(runtime, 'GET', '/api/forms/software-order/eligibility', { as: 'alice' });
      assert.deepEqual(alice.body, { eligible: true });
      const openApi = await send(runtime, 'GET', '/api/openapi.json');
      assert.ok(openApi.body.components.schemas.SignInNeeded.properties.error.properties.loginUrl, 'the contract names loginUrl');
    } finally {
      await runtime.close();
    }
  });

  test('without it, the 401 names no login page', async () => {
    const runtime = await createTestRuntime();
    try {
      const nobody = await send(runtime, 'GET', '/api/forms/software-order/eligibility?lang=en');
      assert.equal(nobody.status, 401);
      assert.equal('loginUrl' in nobody.body.error, false);
      assert.match(nobody.body.error.message, /no sign-in page configured/);
    } finally {
      await runtime.close();
    }
  });
});

describe('a production start without a way to sign in', () => {
  async function startUpLog(env: Record<string, string>): Promise<string[]> {
    const dataDir = mkdtempSync(join(tmpdir(), 'guichet-sign-in-'));
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({
      GUICHET_MODE: 'production',
      GUICHET_SECRET: secret,
      GUICHET_DATA_DIR: dataDir,
      // What production needs besides identity; nothing is sent or looked up here.
      GUICHET_SMTP_URL: 'smtp://127.0.0.1:25',
      GUICHET_DIRECTORY: `file:${shippedPeopleFile}`,
      ...(await testDatabaseEnv(dataDir)),
      ...env,
    });
    const runtime = await createRuntime(config, { logger: createLogger('info', sink) });
    try {
      return lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((line) => line.level === 40).map((line) => line.msg);
    } finally {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  test('warns that nobody can be identified and that the forms have no sign-in button', async () => {
    const warnings = await startUpLog({});
    assert.ok(warnings.some((w) => w.startsWith('no identity source: GUICHET_SSO_PROXIES is unset')), warnings.join('\n'));
    assert.ok(warnings.some((w) => w.startsWith('GUICHET_LOGIN_URL is unset')), warnings.join('\n'));
  });

  test('says nothing of the kind once the SSO proxy and the login page are set', async () => {
    const warnings = await startUpLog({ GUICHET_SSO_PROXIES: '10.0.0.5', GUICHET_LOGIN_URL: shibboleth });
    assert.deepEqual(
      warnings.filter((w) => /identity source|GUICHET_LOGIN_URL/.test(w)),
      [],
    );
  });
});
