import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Attribute, Change } from 'ldapts';
import { createFixedClock } from '../../server/clock.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { GuichetError } from '../../server/errors.ts';
import { createLdapDirectory } from '../../server/identity/ldap.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { startOidcIssuer, type OidcIssuer } from '../support/oidc-issuer.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { base, personDn, serviceDn, servicePassword, type Slapd, startSlapd } from '../support/slapd.ts';

const minute = 60_000;

describe('LDAP directory (a real slapd)', () => {
  let slapd: Slapd;
  before(async () => {
    slapd = await startSlapd();
  });
  after(async () => {
    await slapd.close();
  });

  const directory = (options: { timeoutMilliseconds?: number; bindPassword?: string } = {}) => {
    const clock = createFixedClock(new Date('2026-03-10T09:00:00Z'));
    return { clock, directory: createLdapDirectory({ url: slapd.url, base, bindDn: serviceDn, bindPassword: servicePassword, clock, ...options }) };
  };

  const unavailable = (error: unknown) => {
    assert.ok(error instanceof GuichetError);
    assert.equal(error.code, 'unavailable');
    assert.equal(error.status, 503);
    assert.match(error.details.message!.en, /directory is unreachable/);
    assert.match(error.details.message!.fr, /annuaire/);
    assert.match(error.details.message!.de, /Verzeichnis/);
    return true;
  };

  test('a person is found by uid or by mail, with eduPersonAffiliation, name, language and groups', async () => {
    const { directory: ldap } = directory();
    assert.deepEqual(await ldap.find('bruno'), {
      id: 'bruno',
      email: 'bruno.keller@example.edu',
      name: 'Bruno Keller',
      lang: 'de',
      affiliations: ['faculty', 'member'],
      groups: ['software-buyers'],
      agentOf: [],
      admin: false,
    });
    const chloe = await ldap.findByEmail('Chloe.Dubois@students.example.edu');
    assert.equal(chloe?.id, 'chloe');
    assert.deepEqual(chloe?.affiliations, ['student', 'member']);
    assert.equal(await ldap.find('nobody'), undefined);
  });

  test('a person’s manager (a DN) is read for approval steps that name the directory attribute', async () => {
    await slapd.admin((client) => client.modify(personDn('alice'), [new Change({ operation: 'replace', modification: new Attribute({ type: 'manager', values: [personDn('bruno')] }) })]));
    try {
      const { directory: ldap } = directory();
      assert.deepEqual((await ldap.find('alice'))?.attributes, { manager: personDn('bruno') });
      assert.equal((await ldap.find('bruno'))?.attributes, undefined, 'nothing when the entry has none');
    } finally {
      await slapd.admin((client) => client.modify(personDn('alice'), [new Change({ operation: 'delete', modification: new Attribute({ type: 'manager', values: [] }) })]));
    }
  });

  test('filter syntax in an id matches nobody (no LDAP injection)', async () => {
    const { directory: ldap } = directory();
    assert.equal(await ldap.find('*'), undefined);
    assert.equal(await ldap.find('alice)(uid=*'), undefined);
    assert.equal(await ldap.findByEmail('*@example.edu'), undefined);
  });

  test('answers are cached for a minute on the service clock', async () => {
    const { clock, directory: ldap } = directory();
    assert.deepEqual((await ldap.find('david'))?.affiliations, ['external']);
    await slapd.admin((client) => client.modify(personDn('david'), [new Change({ operation: 'replace', modification: new Attribute({ type: 'eduPersonAffiliation', values: ['staff'] }) })]));
    try {
      clock.advance(59_000);
      assert.deepEqual((await ldap.find('david'))?.affiliations, ['external']);
      clock.advance(2_000);
      assert.deepEqual((await ldap.find('david'))?.affiliations, ['staff']);
    } finally {
      await slapd.admin((client) => client.modify(personDn('david'), [new Change({ operation: 'replace', modification: new Attribute({ type: 'eduPersonAffiliation', values: ['external'] }) })]));
    }
  });

  test('a directory that does not answer in time → unavailable, not "unknown person"', async () => {
    const { directory: ldap } = directory({ timeoutMilliseconds: 300 });
    slapd.freeze();
    try {
      await assert.rejects(ldap.find('alice'), unavailable);
    } finally {
      slapd.thaw();
    }
    assert.equal((await ldap.find('alice'))?.id, 'alice');
  });

  test('a refused bind → unavailable', async () => {
    const { directory: ldap } = directory({ bindPassword: 'not-the-password' });
    await assert.rejects(ldap.find('alice'), unavailable);
  });

  describe('deciding eligibility through the API', () => {
    let idp: OidcIssuer;
    let runtime: TestRuntime;
    let peer = '192.0.2.50';
    before(async () => {
      idp = await startOidcIssuer();
      runtime = await createTestRuntime({
        env: {
          ...slapd.env,
          GUICHET_IDENTITY: 'oidc,header',
          GUICHET_OIDC_ISSUER: idp.issuer,
          GUICHET_OIDC_AUDIENCE: idp.audience,
          GUICHET_SSO_PROXIES: '10.0.0.0/8',
        },
        remoteAddress: () => peer,
      });
    });
    after(async () => {
      await runtime.close();
      await idp.close();
    });

    const jwt = (sub: string, claims: Record<string, unknown> = {}) => idp.sign({ sub, ...claims }, { now: runtime.clock.now() });
    const eligibility = async (sub: string, claims: Record<string, unknown> = {}) =>
      send(runtime, 'GET', '/api/forms/software-order/eligibility?lang=en', { token: await jwt(sub, claims) });

    test('a valid JWT for a student: LDAP says student, so software-order is refused (whatever the token claims)', async () => {
      const answer = await eligibility('chloe', { eduperson_affiliation: ['staff'] });
      assert.equal(answer.status, 200);
      assert.equal(answer.body.eligible, false);
      assert.equal(answer.body.reason, 'affiliation');
      assert.match(answer.body.message, /reserved for staff and faculty/);
    });

    test('a valid JWT for staff: eligible, and the submission is created', async () => {
      assert.deepEqual((await eligibility('alice')).body, { eligible: true });
      const created = await submit(runtime, 'software-order', validOrder, { headers: { authorization: `Bearer ${await jwt('alice')}` } });
      assert.equal(created.status, 201);
    });

    test('SSO headers from the proxy are completed by LDAP; from anyone else they sign nobody in (401)', async () => {
      const headers = { eppn: 'chloe', mail: 'chloe.dubois@students.example.edu', affiliation: 'staff' };
      peer = '192.0.2.50';
      const forged = await send(runtime, 'GET', '/api/forms/software-order/eligibility', { headers });
      assert.equal(forged.status, 401);
      assert.equal(forged.body.error.code, 'unauthenticated');
      peer = '10.1.2.3';
      try {
        const proxied = await send(runtime, 'GET', '/api/forms/software-order/eligibility', { headers });
        assert.equal(proxied.status, 200);
        assert.equal(proxied.body.reason, 'affiliation');
      } finally {
        peer = '192.0.2.50';
      }
    });

    test('LDAP stopped → 503 unavailable on eligibility and on submission, and no ticket; back up → works again', async () => {
      await slapd.stop();
      try {
        runtime.clock.advance(2 * minute); // past the cache: the directory must be asked
        const token = await jwt('bruno');
        const answer = await send(runtime, 'GET', '/api/forms/software-order/eligibility?lang=de', { token });
        assert.equal(answer.status, 503);
        assert.equal(answer.body.error.code, 'unavailable');
        assert.match(answer.body.error.message, /Verzeichnis der Universität ist im Moment nicht erreichbar/);
        const refused = await submit(runtime, 'software-order', validOrder, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(refused.status, 503);
        assert.equal(refused.body.error.code, 'unavailable');
      } finally {
        await slapd.start();
      }
      const bruno = await jwt('bruno');
      assert.deepEqual((await send(runtime, 'GET', '/api/forms/software-order/eligibility', { token: bruno })).body, { eligible: true });
      const mine = await send(runtime, 'GET', '/api/me/tickets', { token: bruno });
      assert.deepEqual(mine.body.tickets, []);
    });
  });

  test('an ldap:// directory needs its base DN; a bind password needs its DN', () => {
    const refused = (env: Record<string, string>) => assert.throws(() => loadConfig({ GUICHET_MODE: 'dev', GUICHET_DATA_DIR: '/tmp/guichet-unused', ...env }), ConfigError);
    refused({ GUICHET_DIRECTORY: 'ldap://127.0.0.1:389' });
    refused({ GUICHET_DIRECTORY: 'ldap://127.0.0.1:389', GUICHET_LDAP_BASE: base, GUICHET_LDAP_BIND_PASSWORD: 'x' });
    const config = loadConfig({ GUICHET_MODE: 'dev', GUICHET_DATA_DIR: '/tmp/guichet-unused', ...slapd.env });
    assert.deepEqual(config.ldap, { base, bindDn: serviceDn, bindPassword: servicePassword });
  });
});
