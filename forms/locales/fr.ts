import type { ValidationMessages } from './messages.ts';

const plural = (n: number, one: string, many: string) => (n <= 1 ? one : many);

export const fr: ValidationMessages = {
  required: 'Ce champ est obligatoire.',
  tooShort: (min) => `Au moins ${min} ${plural(min, 'caractère', 'caractères')}.`,
  tooLong: (max) => `Au plus ${max} ${plural(max, 'caractère', 'caractères')}.`,
  belowMin: (min) => `La valeur minimale est ${min}.`,
  aboveMax: (max) => `La valeur maximale est ${max}.`,
  notANumber: 'Saisissez un nombre.',
  notInteger: 'Saisissez un nombre entier.',
  email: 'Saisissez une adresse e-mail valide, par exemple prenom.nom@exemple.ch.',
  pattern: 'Le format n’est pas valide.',
  invalidDate: 'Saisissez une date valide.',
  dateBefore: (min) => `La date doit être le ${min} ou plus tard.`,
  dateAfter: (max) => `La date doit être le ${max} ou plus tôt.`,
  invalidOption: 'Choisissez une des options proposées.',
  mustBeChecked: 'Cochez cette case pour continuer.',
  tooFewChoices: (min) => `Choisissez au moins ${min} ${plural(min, 'option', 'options')}.`,
  tooManyChoices: (max) => `Choisissez au plus ${max} ${plural(max, 'option', 'options')}.`,
  unknownField: 'Ce champ n’existe pas dans ce formulaire (unknown field).',
  oneLine: 'Saisissez cette valeur sur une seule ligne, sans retour à la ligne.',
  invalid: 'Cette valeur n’est pas valide.',
};
