import type { ValidationMessages } from './messages.ts';

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const de: ValidationMessages = {
  required: 'Dieses Feld ist erforderlich.',
  tooShort: (min) => `Mindestens ${min} Zeichen.`,
  tooLong: (max) => `Höchstens ${max} Zeichen.`,
  belowMin: (min) => `Der kleinste erlaubte Wert ist ${min}.`,
  aboveMax: (max) => `Der grösste erlaubte Wert ist ${max}.`,
  notANumber: 'Geben Sie eine Zahl ein.',
  notInteger: 'Geben Sie eine ganze Zahl ein.',
  email: 'Geben Sie eine gültige E-Mail-Adresse ein, z. B. vorname.nachname@beispiel.ch.',
  pattern: 'Das Format ist ungültig.',
  invalidDate: 'Geben Sie ein gültiges Datum ein.',
  dateBefore: (min) => `Das Datum muss am ${min} oder später sein.`,
  dateAfter: (max) => `Das Datum muss am ${max} oder früher sein.`,
  invalidOption: 'Wählen Sie eine der angebotenen Optionen.',
  mustBeChecked: 'Kreuzen Sie dieses Feld an, um fortzufahren.',
  tooFewChoices: (min) => `Wählen Sie mindestens ${min} ${plural(min, 'Option', 'Optionen')}.`,
  tooManyChoices: (max) => `Wählen Sie höchstens ${max} ${plural(max, 'Option', 'Optionen')}.`,
  unknownField: 'Dieses Formular hat kein solches Feld (unknown field).',
  oneLine: 'Geben Sie dies in einer Zeile ein, ohne Zeilenumbruch.',
  invalid: 'Dieser Wert ist ungültig.',
};
