import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { loadConfig, shippedPeopleFile } from '../../server/config.ts';
import { createRuntime } from '../../server/runtime.ts';
import { parseCidr } from '../../server/identity/identity.ts';
import { validOrder } from '../support/http.ts';
import { testDatabaseEnv } from '../support/runtime.ts';

/** A production-mode app whose every request arrives from `peer` (the address the Node adapter would see). */
async function productionApp(peer: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-sso-'));
  const config = loadConfig({ GUICHET_SECRET: 'y'.repeat(32), GUICHET_DATA_DIR: dataDir, ...(await testDatabaseEnv(dataDir)), GUICHET_SSO_PROXIES: '10.0.0.0/8', GUICHET_DIRECTORY: `file:${shippedPeopleFile}`, GUICHET_MAIL: `file:${join(dataDir, 'mail')}` });
  const runtime = await createRuntime(config, { logger: pino({ level: 'silent' }), remoteAddress: () => peer });
  return {
    app: runtime.app,
    runtime: {
      close: async () => {
        await runtime.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    },
  };
}

const ssoHeaders = { eppn: 'jdoe@uni.example', mail: 'jane.doe@uni.example', displayName: 'Jane Doe', affiliation: 'staff@uni.example;member@uni.example' };

describe('trusted SSO headers', () => {
  test('from the configured proxy they sign the person in, with affiliations from the IdP', async () => {
    const { app, runtime } = await productionApp('10.1.2.3');
    const answer = await app.request('/api/forms/software-order/submissions', {
      method: 'POST',
      headers: { ...ssoHeaders, 'content-type': 'application/json', 'idempotency-key': 'a' },
      body: JSON.stringify({ data: validOrder }),
    });
    assert.equal(answer.status, 201);
    await runtime.close();
  });

  test('from anyone else they are ignored: nobody is signed in', async () => {
    const { app, runtime } = await productionApp('192.0.2.50');
    const answer = await app.request('/api/forms/software-order/eligibility', { headers: ssoHeaders });
    assert.equal(answer.status, 401);
    await runtime.close();
  });

  test('production mode has no dev identity and no dev routes', async () => {
    const { app, runtime } = await productionApp('10.1.2.3');
    assert.equal((await app.request('/api/forms/software-order/eligibility', { headers: { 'x-guichet-dev-user': 'alice' } })).status, 401);
    assert.equal((await app.request('/api/dev/people')).status, 404);
    await runtime.close();
  });

  test('a mail attribute that is not exactly one address refuses the identity: no magic link leaves for another domain', async () => {
    const { app, runtime } = await productionApp('10.1.2.3');
    for (const mail of ['jane.doe@uni.example;someone@evil.example', 'jane.doe@uni.example, someone@evil.example', 'not an address']) {
      const answer = await app.request('/api/forms/software-order/submissions', {
        method: 'POST',
        headers: { ...ssoHeaders, mail, 'content-type': 'application/json', 'idempotency-key': `k-${mail}` },
        body: JSON.stringify({ data: validOrder }),
      });
      assert.equal(answer.status, 401, mail);
      assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'unauthenticated');
    }
    await runtime.close();
  });

  test('an SSO identity unknown to the directory inherits no queue or role from the directory person with its mail', async () => {
    const { app, runtime } = await productionApp('10.1.2.3');
    // eva works the purchasing queue and gina is an administrator, by their ids; these strangers only share their addresses.
    const asEva = { ...ssoHeaders, eppn: 'stranger@uni.example', mail: 'eva.rossi@example.edu' };
    const queues = await app.request('/api/agent/queues', { headers: asEva });
    assert.equal(queues.status, 200);
    assert.deepEqual(((await queues.json()) as { queues: unknown[] }).queues, []);
    assert.equal((await app.request('/api/agent/queues/purchasing/tickets', { headers: asEva })).status, 403);
    const asGina = { ...ssoHeaders, eppn: 'other@uni.example', mail: 'gina.lopez@example.edu' };
    const sweep = await app.request('/api/admin/sweep?dryRun=1', { method: 'POST', headers: { ...asGina, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(sweep.status, 403);
    const eva = await app.request('/api/agent/queues', { headers: { ...ssoHeaders, eppn: 'eva', mail: 'eva.rossi@example.edu' } });
    assert.deepEqual(((await eva.json()) as { queues: { id: string }[] }).queues.map((q) => q.id), ['purchasing']);
    await runtime.close();
  });

  test('proxy ranges match IPv4, IPv4-mapped IPv6 and exact IPv6', () => {
    assert.ok(parseCidr('10.0.0.0/8')('10.200.3.4'));
    assert.ok(parseCidr('10.0.0.0/8')('::ffff:10.0.0.1'));
    assert.ok(!parseCidr('10.0.0.0/8')('11.0.0.1'));
    assert.ok(parseCidr('192.0.2.7')('192.0.2.7'));
    assert.ok(!parseCidr('192.0.2.7')('192.0.2.8'));
    assert.ok(parseCidr('::1')('::1'));
  });
});
