import type { FormDefinition } from '../../forms/definition.ts';
import type { Lang, Localized } from '../../forms/lang.ts';
import type { Person } from './person.ts';

export type Eligibility = { eligible: true } | { eligible: false; reason: 'affiliation'; message: Localized };

// In the case the sentences below need: French with its preposition, German in the dative.
const affiliationNames: Record<string, Localized> = {
  staff: { fr: 'au personnel', en: 'staff', de: 'Mitarbeitenden' },
  faculty: { fr: 'au corps enseignant', en: 'faculty', de: 'Lehrenden' },
  student: { fr: 'aux étudiantes et étudiants', en: 'students', de: 'Studierenden' },
  employee: { fr: 'aux employé·e·s', en: 'employees', de: 'Angestellten' },
  member: { fr: 'aux membres de l’université', en: 'members of the university', de: 'Angehörigen der Universität' },
  affiliate: { fr: 'aux personnes affiliées', en: 'affiliates', de: 'Affiliierten' },
  alum: { fr: 'aux alumni', en: 'alumni', de: 'Alumni' },
};

const joiners: Record<Lang, string> = { fr: ' et ', en: ' and ', de: ' und ' };

function list(affiliations: readonly string[], lang: Lang): string {
  const names = affiliations.map((a) => affiliationNames[a]?.[lang] ?? a);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')}${joiners[lang]}${names.at(-1)}`;
}

/** The one eligibility check: the eligibility route and the submission both call it. */
export function checkEligibility(form: FormDefinition, person: Person): Eligibility {
  const allowed = form.eligibility.affiliations;
  if (allowed.length === 0 || person.affiliations.some((a) => allowed.includes(a))) return { eligible: true };
  return {
    eligible: false,
    reason: 'affiliation',
    message: {
      fr: `Ce formulaire est réservé ${list(allowed, 'fr')}. Votre profil ne vous permet pas de l’utiliser ; contactez le service si vous pensez que c’est une erreur.`,
      en: `This form is reserved for ${list(allowed, 'en')}. Your profile does not allow you to use it; contact the service if you think this is a mistake.`,
      de: `Dieses Formular ist ${list(allowed, 'de')} vorbehalten. Ihr Profil erlaubt Ihnen nicht, es zu verwenden; wenden Sie sich an den Dienst, falls Sie einen Irrtum vermuten.`,
    },
  };
}
