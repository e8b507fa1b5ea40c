import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileForm, validate } from '../../forms/compile.ts';
import { DefinitionError, parseFormDefinition } from '../../forms/definition.ts';

const text = (s: string) => ({ fr: s, en: s, de: s });
const minimal = {
  id: 'room-booking',
  version: 1,
  title: text('Room'),
  description: text('Book a room'),
  queue: 'helpdesk',
  eligibility: { affiliations: [] },
  fields: [{ id: 'room', type: 'text', label: text('Room'), required: true }],
};

function problem(definition: unknown): string {
  try {
    parseFormDefinition(definition, 'room-booking.json');
  } catch (error) {
    assert.ok(error instanceof DefinitionError);
    return error.message;
  }
  assert.fail('the definition was accepted');
}

describe('a broken definition stops start-up with a message naming the form, the field and the problem', () => {
  test('a missing German label', () => {
    const message = problem({ ...minimal, fields: [{ ...minimal.fields[0], label: { fr: 'Salle', en: 'Room' } }] });
    assert.match(message, /Form "room-booking"/);
    assert.match(message, /fields › "room" › label › de/);
  });

  test('an unknown field type', () => {
    assert.match(problem({ ...minimal, fields: [{ ...minimal.fields[0], type: 'colour' }] }), /"room" › type/);
  });

  test('a select without options', () => {
    assert.match(problem({ ...minimal, fields: [{ ...minimal.fields[0], type: 'select' }] }), /field "room": a select needs options/);
  });

  test('a pattern that is not a regular expression, or has no message', () => {
    const message = problem({ ...minimal, fields: [{ ...minimal.fields[0], pattern: '([' }] });
    assert.match(message, /field "room": the pattern \(\[ is not a regular expression/);
    assert.match(message, /field "room": a pattern needs a patternMessage/);
  });

  test('showIf on a later or unknown field', () => {
    const fields = [
      { ...minimal.fields[0], showIf: { field: 'kind', equals: ['big'] } },
      { id: 'kind', type: 'select', label: text('Kind'), options: [{ value: 'big', label: text('Big') }] },
    ];
    assert.match(problem({ ...minimal, fields }), /field "room": showIf names "kind", which must come before this field/);
    assert.match(problem({ ...minimal, fields: [{ ...minimal.fields[0], showIf: { field: 'nope', equals: ['x'] } }] }), /showIf names "nope", which is not a field/);
  });

  test('the same field id twice', () => {
    assert.match(problem({ ...minimal, fields: [minimal.fields[0], minimal.fields[0]] }), /field "room": the id is used twice/);
  });

  test('min above max', () => {
    assert.match(problem({ ...minimal, fields: [{ ...minimal.fields[0], min: 10, max: 2 }] }), /field "room": min is greater than max/);
  });
});

describe('every field type', () => {
  const form = parseFormDefinition(
    {
      ...minimal,
      fields: [
        { id: 'arrival', type: 'date', label: text('Arrival'), required: true, min: '2026-01-01', max: '2026-12-31' },
        { id: 'size', type: 'radio', label: text('Size'), required: true, options: [{ value: 'small', label: text('S') }, { value: 'large', label: text('L') }] },
        { id: 'needs', type: 'checkbox', label: text('Needs'), min: 1, max: 2, options: ['beamer', 'board', 'coffee'].map((value) => ({ value, label: text(value) })) },
        { id: 'rules', type: 'checkbox', label: text('I accept the rules'), required: true },
        { id: 'contact', type: 'email', label: text('Contact'), required: true },
      ],
    },
    'room-booking.json',
  );
  const compiled = compileForm(form);
  const good = { arrival: '2026-05-04', size: 'small', needs: ['beamer'], rules: true, contact: 'a.b@example.edu' };

  test('accepts a valid booking', () => {
    assert.deepEqual(validate(compiled, good, 'en'), { ok: true, values: good });
  });

  test('refuses out-of-range dates, impossible dates, too many choices, an unticked rule and a bad address', () => {
    const result = validate(compiled, { arrival: '2025-12-31', size: 'medium', needs: ['beamer', 'board', 'coffee'], rules: false, contact: 'nobody' }, 'en');
    assert.deepEqual(!result.ok && result.errors, {
      arrival: ['The date must be 2026-01-01 or later.'],
      size: ['Choose one of the options offered.'],
      needs: ['Choose at most 2 options.'],
      rules: ['Tick this box to continue.'],
      contact: ['Enter a valid email address, such as first.last@example.org.'],
    });
    const impossible = validate(compiled, { ...good, arrival: '2026-02-30' }, 'en');
    assert.deepEqual(!impossible.ok && impossible.errors, { arrival: ['Enter a valid date.'] });
  });
});

describe('approval steps', () => {
  const closeAt = { time: '18:00', timeZone: 'Europe/Zurich' };
  const withEmail = { ...minimal, fields: [...minimal.fields, { id: 'boss', type: 'email', label: text('Boss'), required: true }] };
  const outside = { id: 'boss', approver: { field: 'boss' }, name: text('the boss') };

  test('steps in order, with reminders and a link lifetime by default; the older single approval is one queue step', async () => {
    const { approvalSteps } = await import('../../forms/definition.ts');
    const form = parseFormDefinition({ ...withEmail, workflow: { steps: [outside, { id: 'desk', approver: { queue: true }, confirm: ['room'] }], closeAt } }, 'room-booking.json');
    assert.deepEqual(form.workflow?.reminders, { afterDays: 3, atMost: 2 });
    assert.equal(form.workflow?.linkDays, 14);
    assert.deepEqual(approvalSteps(form.workflow!).map((s) => s.id), ['boss', 'desk']);
    const older = parseFormDefinition({ ...minimal, workflow: { approval: { confirm: ['room'] }, closeAt } }, 'room-booking.json');
    assert.deepEqual(approvalSteps(older.workflow!), [{ id: 'queue', approver: { queue: true }, confirm: ['room'] }]);
  });

  test('an approver’s field must be a required email field; an outside approver needs a name and confirms no field; ids are unique', () => {
    assert.match(problem({ ...minimal, workflow: { steps: [{ ...outside, approver: { field: 'room' } }], closeAt } }), /step "boss": the approver's field "room" must be a required email field/);
    assert.match(problem({ ...withEmail, workflow: { steps: [{ ...outside, approver: { field: 'nobody' } }], closeAt } }), /the approver's field "nobody" is not a field/);
    assert.match(problem({ ...withEmail, workflow: { steps: [{ id: 'boss', approver: { field: 'boss' } }], closeAt } }), /an approver outside the queue needs a name/);
    assert.match(problem({ ...withEmail, workflow: { steps: [{ ...outside, confirm: ['room'] }], closeAt } }), /only a queue step confirms fields/);
    assert.match(problem({ ...withEmail, workflow: { steps: [outside, outside], closeAt } }), /step "boss": the id is used twice/);
    assert.match(problem({ ...withEmail, workflow: { steps: [outside], approval: { confirm: [] }, closeAt } }), /either approval .* or steps, not both/);
    assert.match(problem({ ...withEmail, workflow: { steps: [{ ...outside, approver: { directory: 'manager;x' } }], closeAt } }), /directory attribute name/);
  });
});
