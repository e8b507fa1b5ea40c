import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DefinitionError, parseFormDefinition } from '../../forms/definition.ts';
import { shippedFormsDir } from '../../server/config.ts';
import { checkEligibility } from '../../server/identity/eligibility.ts';
import type { Person } from '../../server/identity/person.ts';
import { send, submit } from '../support/http.ts';
import { shippedForm } from '../support/forms.ts';
import { createTestRuntime } from '../support/runtime.ts';

const text = (s: string) => ({ fr: s, en: s, de: s });

const roomBooking = (eligibility: Record<string, unknown>) => ({
  id: 'room-booking',
  version: 1,
  title: text('Room booking'),
  description: text('Book a seminar room'),
  queue: 'helpdesk',
  eligibility,
  fields: [{ id: 'room', type: 'text', label: text('Room'), required: true }],
});

const form = (eligibility: Record<string, unknown>) => parseFormDefinition(roomBooking(eligibility), 'room-booking.json');

const person = (overrides: Partial<Person> = {}): Person => ({
  id: 'p',
  name: 'P',
  email: 'p@example.edu',
  affiliations: ['staff'],
  groups: [],
  agentOf: [],
  admin: false,
  ...overrides,
});

const refusal = (definition: ReturnType<typeof form>, who: Person) => {
  const result = checkEligibility(definition, who);
  assert.equal(result.eligible, false, 'expected a refusal');
  return result as Extract<typeof result, { eligible: false }>;
};

describe('eligibility rules', () => {
  test('the shipped forms decide as before: software-order for staff and faculty, it-help for students too', () => {
    const software = shippedForm('software-order');
    const help = shippedForm('it-help');
    assert.equal(checkEligibility(software, person({ affiliations: ['staff'] })).eligible, true);
    assert.equal(checkEligibility(software, person({ affiliations: ['faculty'] })).eligible, true);
    const student = refusal(software, person({ affiliations: ['student'] }));
    assert.equal(student.reason, 'affiliation');
    assert.equal(
      student.message.en,
      'This form is reserved for staff and faculty. Your profile does not allow you to use it. If you think this is a mistake, contact Purchasing (purchasing@example.edu).',
    );
    assert.equal(refusal(software, person({ affiliations: ['external'] })).reason, 'affiliation');
    assert.equal(checkEligibility(help, person({ affiliations: ['student'] })).eligible, true);
    assert.equal(refusal(help, person({ affiliations: [] })).reason, 'affiliation');
  });

  test('a refusal names the form\'s contact in the person\'s language, with its address and link; without one it names the service', () => {
    const contact = { name: { fr: 'le support informatique', en: 'the IT helpdesk', de: 'den IT-Support' }, email: 'helpdesk@example.edu', url: 'https://it.example.edu/help' };
    const { message } = refusal(form({ affiliations: ['staff'], contact }), person({ affiliations: ['student'] }));
    assert.equal(message.fr, 'Ce formulaire est réservé au personnel. Votre profil ne vous permet pas de l’utiliser. Si vous pensez que c’est une erreur, contactez le support informatique (helpdesk@example.edu, https://it.example.edu/help).');
    assert.equal(message.en, 'This form is reserved for staff. Your profile does not allow you to use it. If you think this is a mistake, contact the IT helpdesk (helpdesk@example.edu, https://it.example.edu/help).');
    assert.equal(message.de, 'Dieses Formular ist Mitarbeitenden vorbehalten. Ihr Profil erlaubt Ihnen nicht, es zu verwenden. Falls Sie einen Irrtum vermuten, wenden Sie sich an den IT-Support (helpdesk@example.edu, https://it.example.edu/help).');
    const nameOnly = refusal(form({ affiliations: [], groups: ['lab'], contact: { name: contact.name } }), person());
    assert.match(nameOnly.message.en, /contact the IT helpdesk\.$/);
    for (const shipped of ['software-order', 'it-help', 'guest-wifi'] as const) assert.ok(shippedForm(shipped).eligibility.contact, `${shipped} names a contact`);
    assert.throws(() => form({ affiliations: [], contact: { name: contact.name, url: 'javascript:alert(1)' } }), DefinitionError);
  });

  test('no rule set: any identified person may submit', () => {
    assert.deepEqual(checkEligibility(form({ affiliations: [] }), person({ affiliations: [] })), { eligible: true });
  });

  test('a denied affiliation wins over an allowed one, and the message names it', () => {
    const definition = form({ affiliations: ['staff', 'member'], deniedAffiliations: ['student'] });
    const refused = refusal(definition, person({ affiliations: ['member', 'student'] }));
    assert.equal(refused.reason, 'denied_affiliation');
    assert.equal(refused.message.en, 'This form is not open to students. Contact the service if you think this is a mistake.');
    assert.match(refused.message.fr, /^Ce formulaire n’est pas ouvert aux étudiantes et étudiants\./);
    assert.match(refused.message.de, /^Dieses Formular steht Studierenden nicht offen\./);
    assert.equal(checkEligibility(definition, person({ affiliations: ['member'] })).eligible, true);
  });

  test('email domains: exactly the domain, or any subdomain with *.', () => {
    const exact = form({ affiliations: [], emailDomains: ['example.edu'] });
    assert.equal(checkEligibility(exact, person({ email: 'Alice.Martin@EXAMPLE.edu' })).eligible, true);
    const refused = refusal(exact, person({ email: 'chloe@students.example.edu' }));
    assert.equal(refused.reason, 'email_domain');
    assert.match(refused.message.en, /reserved for email addresses ending in @example\.edu\./);
    assert.equal(refusal(exact, person({ email: 'mallory@example.edu.evil.example' })).reason, 'email_domain');
    assert.equal(refusal(exact, person({ email: 'mallory@notexample.edu' })).reason, 'email_domain');

    const sub = form({ affiliations: [], emailDomains: ['example.edu', '*.example.edu'] });
    assert.equal(checkEligibility(sub, person({ email: 'chloe@students.example.edu' })).eligible, true);
    assert.equal(refusal(sub, person({ email: 'mallory@evil-example.edu' })).reason, 'email_domain');
    const { message } = refusal(sub, person({ email: 'someone@partner.example.org' }));
    assert.match(message.fr, /se terminant par @example\.edu ou \.example\.edu\./);
    assert.match(message.de, /die auf @example\.edu oder \.example\.edu enden\./);
  });

  test('groups: membership of one named group is enough; names compare case-insensitively', () => {
    const definition = form({ affiliations: [], groups: ['software-buyers', 'it-champions'] });
    assert.equal(checkEligibility(definition, person({ groups: ['Software-Buyers'] })).eligible, true);
    const refused = refusal(definition, person({ groups: ['library'] }));
    assert.equal(refused.reason, 'group');
    assert.equal(refused.message.en, 'This form is reserved for members of the groups “software-buyers” or “it-champions”. Contact the service if you think this is a mistake.');
    assert.match(refusal(form({ affiliations: [], groups: ['software-buyers'] }), person()).message.fr, /membres du groupe «\u202fsoftware-buyers\u202f»/);
  });

  test('the first rule that refuses is the reason: affiliation before email domain before group', () => {
    const definition = form({ affiliations: ['staff'], emailDomains: ['example.edu'], groups: ['software-buyers'] });
    assert.equal(refusal(definition, person({ affiliations: ['student'], email: 'x@other.example', groups: [] })).reason, 'affiliation');
    assert.equal(refusal(definition, person({ email: 'x@other.example', groups: [] })).reason, 'email_domain');
    assert.equal(refusal(definition, person({ groups: [] })).reason, 'group');
    assert.equal(checkEligibility(definition, person({ groups: ['software-buyers'] })).eligible, true);
  });

  test('a definition that allows and denies the same affiliation, or names a malformed domain, is refused at start-up', () => {
    assert.throws(() => form({ affiliations: ['staff'], deniedAffiliations: ['staff'] }), (e: unknown) => e instanceof DefinitionError && /staff both allowed and denied/.test(e.message));
    assert.throws(() => form({ affiliations: [], emailDomains: ['@example.edu'] }), DefinitionError);
    assert.throws(() => form({ affiliations: [], emailDomains: ['Example.EDU'] }), DefinitionError);
  });

  test('the eligibility route and the submission refuse with the same reason and message', async () => {
    const formsDir = mkdtempSync(join(tmpdir(), 'guichet-forms-'));
    copyFileSync(join(shippedFormsDir, 'queues.json'), join(formsDir, 'queues.json'));
    writeFileSync(join(formsDir, 'room-booking.json'), JSON.stringify(roomBooking({ affiliations: ['staff', 'student'], emailDomains: ['example.edu'] })));
    const runtime = await createTestRuntime({ env: { GUICHET_FORMS_DIR: formsDir } });
    try {
      const route = await send(runtime, 'GET', '/api/forms/room-booking/eligibility?lang=en', { as: 'chloe' });
      assert.equal(route.status, 200);
      assert.equal(route.body.eligible, false);
      assert.equal(route.body.reason, 'email_domain');
      const refused = await submit(runtime, 'room-booking', { room: 'B-101' }, { as: 'chloe', lang: 'en' });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error.code, 'not_eligible');
      assert.equal(refused.body.error.reason, 'email_domain');
      assert.equal(refused.body.error.message, route.body.message);
      assert.deepEqual((await send(runtime, 'GET', '/api/forms/room-booking/eligibility', { as: 'alice' })).body, { eligible: true });
      assert.equal((await submit(runtime, 'room-booking', { room: 'B-101' }, { as: 'alice' })).status, 201);
    } finally {
      await runtime.close();
      rmSync(formsDir, { recursive: true, force: true });
    }
  });
});
