import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileForm, validate } from '../../forms/compile.ts';
import { languages } from '../../forms/lang.ts';
import { shippedForm } from '../support/forms.ts';

const softwareOrder = compileForm(shippedForm('software-order'));
const itHelp = compileForm(shippedForm('it-help'));

const validOrder = { software: 'matlab', os: 'windows', inventoryNumber: 'INV-004211', budgetHolderEmail: 'budget@example.edu', licences: 2 };

describe('software order', () => {
  test('a complete order is accepted as typed', () => {
    const result = validate(softwareOrder, validOrder, 'fr');
    assert.deepEqual(result, { ok: true, values: validOrder });
  });

  test('a malformed inventory number gets the form’s own format message in each language', () => {
    const messages = languages.map((lang) => {
      const result = validate(softwareOrder, { ...validOrder, inventoryNumber: 'INV-12' }, lang);
      assert.equal(result.ok, false);
      return !result.ok && result.errors.inventoryNumber;
    });
    assert.deepEqual(messages, [
      ['Format\u202f: INV- suivi de 6 chiffres, par exemple INV-123456.'],
      ['Format: INV- followed by 6 digits, for example INV-123456.'],
      ['Format: INV- gefolgt von 6 Ziffern, zum Beispiel INV-123456.'],
    ]);
  });

  test('an empty form lists every required field as required, and not the optional comment', () => {
    const result = validate(softwareOrder, {}, 'en');
    assert.equal(result.ok, false);
    assert.deepEqual(Object.keys(!result.ok ? result.errors : {}).sort(), ['budgetHolderEmail', 'inventoryNumber', 'licences', 'os', 'software']);
    assert.deepEqual(!result.ok && result.errors.software, ['This field is required.']);
  });

  test('licences outside 1–10 and fractions are refused with the bound', () => {
    for (const [licences, message] of [
      [0, 'The smallest allowed value is 1.'],
      [11, 'The largest allowed value is 10.'],
      [2.5, 'Enter a whole number.'],
      ['many', 'Enter a number.'],
    ] as const) {
      const result = validate(softwareOrder, { ...validOrder, licences }, 'en');
      assert.deepEqual(!result.ok && result.errors.licences, [message], `licences ${licences}`);
    }
  });

  test('a number typed as text in a browser field is read as a number', () => {
    const result = validate(softwareOrder, { ...validOrder, licences: '3' }, 'en');
    assert.deepEqual(result.ok && result.values.licences, 3);
  });

  test('software outside the catalogue is refused', () => {
    const result = validate(softwareOrder, { ...validOrder, software: 'photoshop-pirate' }, 'de');
    assert.deepEqual(!result.ok && result.errors.software, ['Wählen Sie eine der angebotenen Optionen.']);
  });

  test('a comment longer than 2000 characters is refused, an empty one is dropped', () => {
    const long = validate(softwareOrder, { ...validOrder, comment: 'x'.repeat(2001) }, 'fr');
    assert.deepEqual(!long.ok && long.errors.comment, ['Au plus 2000 caractères.']);
    const blank = validate(softwareOrder, { ...validOrder, comment: '   ' }, 'fr');
    assert.deepEqual(blank, { ok: true, values: validOrder });
  });

  test('keys that are not fields of the form are named as unknown', () => {
    const result = validate(softwareOrder, { ...validOrder, price: 0 }, 'en');
    assert.deepEqual(!result.ok && result.errors.price, ['This form has no such field (unknown field).']);
  });
});

describe('IT help: the phone field only exists for on-site interventions', () => {
  const base = { subject: 'Printer jams', description: 'The printer on floor 2 jams on every page.' };

  test('on-site without a phone asks for the phone', () => {
    const result = validate(itHelp, { ...base, category: 'onsite' }, 'en');
    assert.deepEqual(!result.ok && result.errors, { phone: ['This field is required.'] });
  });

  test('the missing phone is reported together with the other fields’ problems', () => {
    const result = validate(itHelp, { category: 'onsite', subject: 'Imp' }, 'en');
    assert.deepEqual(!result.ok && Object.keys(result.errors).sort(), ['description', 'phone', 'subject']);
  });

  test('on-site with a phone keeps it', () => {
    const result = validate(itHelp, { ...base, category: 'onsite', phone: '+41 21 555 12 34' }, 'en');
    assert.deepEqual(result.ok && result.values.phone, '+41 21 555 12 34');
  });

  test('another category drops a phone sent anyway instead of refusing it', () => {
    const result = validate(itHelp, { ...base, category: 'printing', phone: 'not a phone' }, 'en');
    assert.deepEqual(result, { ok: true, values: { ...base, category: 'printing' } });
  });

  test('a too short subject and description give their lengths', () => {
    const result = validate(itHelp, { subject: 'Hi', category: 'email', description: 'short' }, 'fr');
    assert.deepEqual(!result.ok && result.errors, { subject: ['Au moins 5 caractères.'], description: ['Au moins 10 caractères.'] });
  });
});
