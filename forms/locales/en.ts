import type { ValidationMessages } from './messages.ts';

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const en: ValidationMessages = {
  required: 'This field is required.',
  tooShort: (min) => `At least ${min} ${plural(min, 'character', 'characters')}.`,
  tooLong: (max) => `At most ${max} ${plural(max, 'character', 'characters')}.`,
  belowMin: (min) => `The smallest allowed value is ${min}.`,
  aboveMax: (max) => `The largest allowed value is ${max}.`,
  notANumber: 'Enter a number.',
  notInteger: 'Enter a whole number.',
  email: 'Enter a valid email address, such as first.last@example.org.',
  pattern: 'The format is not valid.',
  invalidDate: 'Enter a valid date.',
  dateBefore: (min) => `The date must be ${min} or later.`,
  dateAfter: (max) => `The date must be ${max} or earlier.`,
  invalidOption: 'Choose one of the options offered.',
  mustBeChecked: 'Tick this box to continue.',
  tooFewChoices: (min) => `Choose at least ${min} ${plural(min, 'option', 'options')}.`,
  tooManyChoices: (max) => `Choose at most ${max} ${plural(max, 'option', 'options')}.`,
  unknownField: 'This form has no such field (unknown field).',
  oneLine: 'Enter this on one line, without line breaks.',
  invalid: 'This value is not valid.',
};
