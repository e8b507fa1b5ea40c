/** Every validation message a form can show; a locale missing one fails the type check. */
export interface ValidationMessages {
  required: string;
  tooShort: (min: number) => string;
  tooLong: (max: number) => string;
  belowMin: (min: number) => string;
  aboveMax: (max: number) => string;
  notANumber: string;
  notInteger: string;
  email: string;
  pattern: string;
  invalidDate: string;
  dateBefore: (min: string) => string;
  dateAfter: (max: string) => string;
  invalidOption: string;
  mustBeChecked: string;
  tooFewChoices: (min: number) => string;
  tooManyChoices: (max: number) => string;
  unknownField: string;
  /** A one-line (text) field given a line break. */
  oneLine: string;
  invalid: string;
}
