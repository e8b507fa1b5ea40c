import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { listIssues } from '../../server/errors.ts';
import { parseCidr } from '../../server/identity/identity.ts';
import { createClientAddress } from '../../server/middleware/client-address/index.ts';
import { submit, validOrder } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'guichet-config-'));

describe('an error answer stays small, whatever the request held', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z') });
  });
  after(() => runtime.close());

  test('20,000 unknown keys: 20 fields listed and the count of the rest, in a few kilobytes', async () => {
    const data: Record<string, unknown> = { ...validOrder };
    for (let i = 0; i < 20_000; i++) data[`k${i}`] = 1;
    const answer = await submit(runtime, 'software-order', data, { as: 'alice', lang: 'en' });
    assert.equal(answer.status, 422);
    assert.equal(Object.keys(answer.body.error.fields).length, 20);
    assert.equal(answer.body.error.moreFields, 19_980);
    const size = JSON.stringify(answer.body).length;
    assert.ok(size < 4096, `the answer is ${size} bytes`);
  });

  test('a malformed-request message names at most 20 issues, then how many more', () => {
    const issues = Array.from({ length: 5000 }, (_, i) => `data.k${i}: expected string`);
    assert.equal(listIssues(issues), `${issues.slice(0, 20).join('; ')}; and 4980 more`);
    assert.equal(listIssues(issues.slice(0, 3)), issues.slice(0, 3).join('; '));
  });

  test('a few problems are all listed, with no count', async () => {
    const answer = await submit(runtime, 'software-order', { ...validOrder, licences: 0, extra: 1 }, { as: 'alice', lang: 'en' });
    assert.equal(answer.status, 422);
    assert.deepEqual(Object.keys(answer.body.error.fields).sort(), ['extra', 'licences']);
    assert.equal(answer.body.error.moreFields, undefined);
  });
});

describe('GUICHET_SSO_PROXIES: addresses and ranges of both families, checked at start-up', () => {
  test('IPv6 ranges match their whole prefix, IPv4 ranges theirs, IPv4-mapped peers included', () => {
    assert.ok(parseCidr('2001:db8::/32')('2001:db8:ffff::17'));
    assert.ok(!parseCidr('2001:db8::/32')('2001:db9::1'));
    assert.ok(parseCidr('fd00::/8')('fd12:3456::1'));
    assert.ok(parseCidr('10.0.0.0/8')('::ffff:10.9.8.7'));
    assert.ok(parseCidr('2001:db8::1')('2001:0db8:0000::0001'), 'the same address however it is written');
  });

  test('a client behind a proxy of an IPv6 range is counted under its own address', () => {
    const clientAddress = createClientAddress(['2001:db8:100::/48']);
    assert.equal(clientAddress('2001:db8:100::9', '198.51.100.23'), '198.51.100.23');
    assert.equal(clientAddress('2001:db8:200::9', '198.51.100.23'), '2001:db8:200:0::/64', 'a peer outside the range is the client');
  });

  for (const entry of ['10.0.0.0/33', '2001:db8::/129', 'proxy.example.edu', '10.0.0.0/8/1', '2001:db8::/x', '300.1.1.1']) {
    test(`“${entry}” stops start-up with an error naming the variable`, () => {
      assert.throws(
        () => loadConfig({ GUICHET_MODE: 'dev', GUICHET_DATA_DIR: dataDir(), GUICHET_SSO_PROXIES: `127.0.0.1, ${entry}` }),
        (error: unknown) => error instanceof ConfigError && error.message.includes('GUICHET_SSO_PROXIES') && error.message.includes(entry),
      );
    });
  }

  test('well-formed entries of both families are accepted', () => {
    const config = loadConfig({ GUICHET_MODE: 'dev', GUICHET_DATA_DIR: dataDir(), GUICHET_SSO_PROXIES: '127.0.0.1, ::1, 10.0.0.0/8, 2001:db8::/32' });
    assert.deepEqual(config.ssoProxies, ['127.0.0.1', '::1', '10.0.0.0/8', '2001:db8::/32']);
  });
});
