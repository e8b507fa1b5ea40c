import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearerJwt } from '../../server/identity/oidc.ts';
import { signTicketLink } from '../../server/mail/link-tokens.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { startOidcIssuer, type OidcIssuer } from '../support/oidc-issuer.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

const adminToken = 'admin-token-for-the-oidc-tests';

describe('OIDC bearer tokens', () => {
  let idp: OidcIssuer;
  let runtime: TestRuntime;

  before(async () => {
    idp = await startOidcIssuer();
    runtime = await createTestRuntime({
      env: { GUICHET_IDENTITY: 'oidc', GUICHET_OIDC_ISSUER: idp.issuer, GUICHET_OIDC_AUDIENCE: idp.audience, GUICHET_ADMIN_TOKEN: adminToken },
      // A rotated key is fetched at once, not after jose's default 30 s cooldown.
      oidc: { keyRefetchCooldownMilliseconds: 0 },
    });
  });
  after(async () => {
    await runtime.close();
    await idp.close();
  });

  const token = (claims: Record<string, unknown>, options: Partial<Parameters<OidcIssuer['sign']>[1]> = {}) => idp.sign(claims, { now: runtime.clock.now(), ...options });
  const eligibility = (formId: string, jwt: string) => send(runtime, 'GET', `/api/forms/${formId}/eligibility?lang=en`, { token: jwt });

  test('a valid token signs the person in; the directory decides, and the submission is created', async () => {
    const alice = await token({ sub: 'alice', email: 'alice.martin@example.edu', name: 'Alice Martin' });
    assert.deepEqual((await eligibility('software-order', alice)).body, { eligible: true });
    const created = await submit(runtime, 'software-order', validOrder, { headers: { authorization: `Bearer ${alice}` } });
    assert.equal(created.status, 201);
    const mine = await send(runtime, 'GET', '/api/me/tickets', { token: alice });
    assert.deepEqual(
      mine.body.tickets.map((t: { number: string }) => t.number),
      [created.body.ticket.number],
    );
    // The token is the owner's identity, not a ticket token: the owner reads the ticket with it.
    const owned = await send(runtime, 'GET', `/api/tickets/${created.body.ticket.number}`, { token: alice });
    assert.equal(owned.status, 200);
    const bruno = await token({ sub: 'bruno' });
    assert.equal((await send(runtime, 'GET', `/api/tickets/${created.body.ticket.number}`, { token: bruno })).status, 404);
  });

  test('the directory outranks the token: a student claiming staff is still a student', async () => {
    const chloe = await token({ sub: 'chloe', eduperson_affiliation: ['staff'] });
    const answer = await eligibility('software-order', chloe);
    assert.equal(answer.body.eligible, false);
    assert.equal(answer.body.reason, 'affiliation');
  });

  test('someone the directory does not know is judged on the affiliation claim', async () => {
    const staff = await token({ sub: 'n.nobody', email: 'n.nobody@example.edu', eduperson_affiliation: ['staff@example.edu'] });
    assert.equal((await eligibility('software-order', staff)).body.eligible, true);
    const student = await token({ sub: 's.nobody', email: 's.nobody@example.edu', affiliation: 'student' });
    assert.equal((await eligibility('software-order', student)).body.reason, 'affiliation');
    assert.equal((await eligibility('it-help', student)).body.eligible, true);
  });

  test('an identity the directory does not know inherits no roles from a directory person with the same address', async () => {
    // eva works the purchasing queue, gina is an administrator: a stranger with their verified addresses is neither.
    const asEva = await token({ sub: 'stranger-1', email: 'eva.rossi@example.edu', email_verified: true, eduperson_affiliation: ['staff'] });
    const queues = await send(runtime, 'GET', '/api/agent/queues', { token: asEva });
    assert.equal(queues.status, 200);
    assert.deepEqual(queues.body.queues, []);
    assert.equal((await send(runtime, 'GET', '/api/agent/queues/purchasing/tickets', { token: asEva })).status, 403);
    const asGina = await token({ sub: 'stranger-2', email: 'gina.lopez@example.edu', email_verified: true, eduperson_affiliation: ['staff'] });
    assert.equal((await send(runtime, 'POST', '/api/admin/sweep?dryRun=1', { token: asGina })).status, 403);
    // The real eva, by her stable id, keeps her queue.
    const eva = await token({ sub: 'eva' });
    assert.deepEqual((await send(runtime, 'GET', '/api/agent/queues', { token: eva })).body.queues.map((q: { id: string }) => q.id), ['purchasing']);
  });

  test('the email claim counts only when email_verified is true: an unverified address receives no magic link', async () => {
    const mailsTo = async (address: string) => {
      await runtime.delivery.deliverDue();
      return runtime.devOutbox!.list().filter((m) => m.to.includes(address));
    };
    for (const [sub, address, verified] of [
      ['unverified-1', 'someone.absent@partner.example.org', undefined],
      ['unverified-2', 'someone.false@partner.example.org', false],
    ] as const) {
      const jwt = await token({ sub, email: address, ...(verified === undefined ? {} : { email_verified: verified }), eduperson_affiliation: ['staff'] });
      assert.equal((await submit(runtime, 'software-order', validOrder, { headers: { authorization: `Bearer ${jwt}` } })).status, 201);
      assert.deepEqual(await mailsTo(address), [], `${address} (email_verified ${verified}) gets nothing`);
    }
    const verified = await token({ sub: 'verified-1', email: 'someone.true@partner.example.org', email_verified: true, eduperson_affiliation: ['staff'] });
    assert.equal((await submit(runtime, 'software-order', validOrder, { headers: { authorization: `Bearer ${verified}` } })).status, 201);
    assert.equal((await mailsTo('someone.true@partner.example.org')).length, 1);
  });

  test('an expired token is refused with 401, not treated as nobody signed in', async () => {
    const expired = await token({ sub: 'alice' }, { expiresInSeconds: -120 });
    const answer = await eligibility('software-order', expired);
    assert.equal(answer.status, 401);
    assert.equal(answer.body.error.code, 'unauthenticated');
    assert.match(answer.body.error.message, /session has expired/);
    const submission = await submit(runtime, 'software-order', validOrder, { headers: { authorization: `Bearer ${expired}` } });
    assert.equal(submission.status, 401);
  });

  test('a minute of clock skew between the IdP and us is tolerated', async () => {
    const justExpired = await token({ sub: 'alice' }, { expiresInSeconds: -30 });
    assert.equal((await eligibility('software-order', justExpired)).status, 200);
  });

  test('expiry is judged on the service clock: moving it past the expiry refuses the same token', async () => {
    const alice = await token({ sub: 'alice' }, { expiresInSeconds: 600 });
    assert.equal((await eligibility('software-order', alice)).status, 200);
    runtime.clock.advance(11 * 60 * 1000 + 60 * 1000);
    try {
      assert.equal((await eligibility('software-order', alice)).status, 401);
    } finally {
      runtime.clock.advance(-(12 * 60 * 1000));
    }
  });

  test('a wrong issuer, a wrong audience or a forged signature → 401', async () => {
    for (const bad of [
      await token({ sub: 'alice' }, { issuer: 'https://idp.elsewhere.example' }),
      await token({ sub: 'alice' }, { audience: 'another-service' }),
      await token({ sub: 'alice' }, { forged: true }),
    ]) {
      const answer = await eligibility('software-order', bad);
      assert.equal(answer.status, 401);
      assert.equal(answer.body.error.code, 'unauthenticated');
    }
  });

  test('a token signed with a shared secret (HS256) is refused, whatever its claims', async () => {
    const { SignJWT } = await import('jose');
    const now = Math.floor(runtime.clock.now().getTime() / 1000);
    const hmac = await new SignJWT({ sub: 'alice', iat: now, exp: now + 600 })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(idp.issuer)
      .setAudience(idp.audience)
      .sign(new TextEncoder().encode('x'.repeat(32)));
    assert.equal((await eligibility('software-order', hmac)).status, 401);
  });

  test('rotated keys are fetched again without a restart', async () => {
    const before = await token({ sub: 'alice' });
    assert.equal((await eligibility('software-order', before)).status, 200);
    const fetched = idp.jwksRequests;
    await idp.rotate();
    const after = await token({ sub: 'alice' });
    assert.deepEqual((await eligibility('software-order', after)).body, { eligible: true });
    assert.equal(idp.jwksRequests, fetched + 1);
    // The old key left the published set: tokens it signed no longer verify.
    assert.equal((await eligibility('software-order', before)).status, 401);
  });

  test('bearer values that are not JWTs are left to their routes: ticket tokens, signed links, the admin token', async () => {
    const alice = await token({ sub: 'alice' });
    const created = await submit(runtime, 'software-order', validOrder, { headers: { authorization: `Bearer ${alice}` } });
    assert.equal(created.status, 201);
    const { number } = created.body.ticket;
    const byToken = await send(runtime, 'GET', `/api/tickets/${number}`, { token: created.body.accessToken });
    assert.equal(byToken.status, 200);
    const link = signTicketLink(runtime.config.secret, number, new Date(runtime.clock.now().getTime() + 86_400_000));
    assert.equal((await send(runtime, 'GET', `/api/tickets/${number}`, { token: link })).status, 200);
    const sweep = await send(runtime, 'POST', '/api/admin/sweep?dryRun=1', { token: adminToken });
    assert.equal(sweep.status, 200);
  });

  test('only a three-part token with a JSON header counts as a JWT', async () => {
    const alice = await token({ sub: 'alice' });
    assert.equal(bearerJwt(`Bearer ${alice}`), alice);
    assert.equal(bearerJwt(`bearer   ${alice}  `), alice);
    assert.equal(bearerJwt('Bearer s1.m9x0k2.c2lnbmF0dXJl'), undefined);
    assert.equal(bearerJwt('Bearer Qm9vbXNoYWthbGFrYWJvb21zaGFrYWxha2Fib29tcw'), undefined);
    assert.equal(bearerJwt(`Bearer ${adminToken}`), undefined);
    assert.equal(bearerJwt('Basic YWxpY2U6c2VjcmV0'), undefined);
    assert.equal(bearerJwt(undefined), undefined);
  });

  test('an unreachable IdP → 503 unavailable, and a request without a token is simply anonymous', async () => {
    const closed = await startOidcIssuer();
    const alone = await createTestRuntime({ env: { GUICHET_IDENTITY: 'oidc', GUICHET_OIDC_ISSUER: closed.issuer, GUICHET_OIDC_AUDIENCE: closed.audience } });
    try {
      const jwt = await closed.sign({ sub: 'alice' }, { now: alone.clock.now() });
      await closed.close();
      const answer = await send(alone, 'GET', '/api/forms/software-order/eligibility?lang=fr', { token: jwt });
      assert.equal(answer.status, 503);
      assert.equal(answer.body.error.code, 'unavailable');
      assert.match(answer.body.error.message, /service de connexion/);
      assert.equal((await send(alone, 'GET', '/api/forms/software-order/eligibility')).status, 401);
      assert.equal((await send(alone, 'GET', '/api/forms')).status, 200);
    } finally {
      await alone.close();
    }
  });
});
