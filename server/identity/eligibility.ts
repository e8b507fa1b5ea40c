import type { FormDefinition } from '../../forms/definition.ts';
import type { Lang, Localized } from '../../forms/lang.ts';
import type { Person } from './person.ts';

export type EligibilityReason = 'denied_affiliation' | 'affiliation' | 'email_domain' | 'group';

export type Eligibility = { eligible: true } | { eligible: false; reason: EligibilityReason; message: Localized };

type Rules = FormDefinition['eligibility'];

// In the case the sentences below need: French with its preposition, German in the dative.
const affiliationNames: Record<string, Localized> = {
  staff: { fr: 'au personnel', en: 'staff', de: 'Mitarbeitenden' },
  faculty: { fr: 'au corps enseignant', en: 'faculty', de: 'Lehrenden' },
  student: { fr: 'aux étudiantes et étudiants', en: 'students', de: 'Studierenden' },
  employee: { fr: 'aux employé·e·s', en: 'employees', de: 'Angestellten' },
  member: { fr: 'aux membres de l’université', en: 'members of the university', de: 'Angehörigen der Universität' },
  affiliate: { fr: 'aux personnes affiliées', en: 'affiliates', de: 'Affiliierten' },
  alum: { fr: 'aux alumni', en: 'alumni', de: 'Alumni' },
  external: { fr: 'aux personnes externes', en: 'external people', de: 'Externen' },
};

const and: Record<Lang, string> = { fr: ' et ', en: ' and ', de: ' und ' };
const or: Record<Lang, string> = { fr: ' ou ', en: ' or ', de: ' oder ' };

function join(words: readonly string[], joiner: string): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')}${joiner}${words.at(-1)}`;
}

function affiliations(values: readonly string[], lang: Lang): string {
  return join(
    values.map((a) => affiliationNames[a]?.[lang] ?? a),
    and[lang],
  );
}

/** `example.edu` → "@example.edu", `*.example.edu` → ".example.edu": what the address ends in. */
function endings(domains: readonly string[], lang: Lang): string {
  return join(
    domains.map((d) => (d.startsWith('*.') ? d.slice(1) : `@${d}`)),
    or[lang],
  );
}

function groups(names: readonly string[], lang: Lang): string {
  const quoted = names.map((n) => ({ fr: `« ${n} »`, en: `“${n}”`, de: `„${n}“` })[lang]);
  return join(quoted, or[lang]);
}

const lower = (values: readonly string[]) => values.map((v) => v.toLowerCase());

/** The sentence that ends every refusal: whom to contact, as the form names them (its `eligibility.contact`). */
function contactSentence(contact: Rules['contact']): Localized {
  if (!contact) {
    return {
      fr: 'Contactez le service si vous pensez que c’est une erreur.',
      en: 'Contact the service if you think this is a mistake.',
      de: 'Wenden Sie sich an den Dienst, falls Sie einen Irrtum vermuten.',
    };
  }
  const where = [contact.email, contact.url].filter(Boolean);
  const detail = where.length > 0 ? ` (${where.join(', ')})` : '';
  return {
    fr: `Si vous pensez que c’est une erreur, contactez ${contact.name.fr}${detail}.`,
    en: `If you think this is a mistake, contact ${contact.name.en}${detail}.`,
    de: `Falls Sie einen Irrtum vermuten, wenden Sie sich an ${contact.name.de}${detail}.`,
  };
}

function domainAllows(rule: string, email: string): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return rule.startsWith('*.') ? domain.endsWith(rule.slice(1)) : domain === rule;
}

/**
 * The rules, in the order they are checked; the first that refuses names the
 * reason. `refuses` returns what the message needs, or undefined when it allows.
 */
const rules: readonly {
  reason: EligibilityReason;
  refuses(rules: Rules, person: Person): readonly string[] | undefined;
  message(words: readonly string[], contact: Localized): Localized;
}[] = [
  {
    reason: 'denied_affiliation',
    refuses(rules, person) {
      const denied = lower(person.affiliations).filter((a) => lower(rules.deniedAffiliations).includes(a));
      return denied.length > 0 ? denied : undefined;
    },
    message: (denied, contact) => ({
      fr: `Ce formulaire n’est pas ouvert ${affiliations(denied, 'fr')}. ${contact.fr}`,
      en: `This form is not open to ${affiliations(denied, 'en')}. ${contact.en}`,
      de: `Dieses Formular steht ${affiliations(denied, 'de')} nicht offen. ${contact.de}`,
    }),
  },
  {
    reason: 'affiliation',
    refuses(rules, person) {
      const allowed = lower(rules.affiliations);
      return allowed.length === 0 || lower(person.affiliations).some((a) => allowed.includes(a)) ? undefined : rules.affiliations;
    },
    message: (allowed, contact) => ({
      fr: `Ce formulaire est réservé ${affiliations(allowed, 'fr')}. Votre profil ne vous permet pas de l’utiliser. ${contact.fr}`,
      en: `This form is reserved for ${affiliations(allowed, 'en')}. Your profile does not allow you to use it. ${contact.en}`,
      de: `Dieses Formular ist ${affiliations(allowed, 'de')} vorbehalten. Ihr Profil erlaubt Ihnen nicht, es zu verwenden. ${contact.de}`,
    }),
  },
  {
    reason: 'email_domain',
    refuses: (rules, person) => (rules.emailDomains.length === 0 || rules.emailDomains.some((d) => domainAllows(d, person.email)) ? undefined : rules.emailDomains),
    message: (domains, contact) => ({
      fr: `Ce formulaire est réservé aux adresses e-mail se terminant par ${endings(domains, 'fr')}. ${contact.fr}`,
      en: `This form is reserved for email addresses ending in ${endings(domains, 'en')}. ${contact.en}`,
      de: `Dieses Formular ist E-Mail-Adressen vorbehalten, die auf ${endings(domains, 'de')} enden. ${contact.de}`,
    }),
  },
  {
    reason: 'group',
    refuses(rules, person) {
      const mine = lower(person.groups);
      return rules.groups.length === 0 || lower(rules.groups).some((g) => mine.includes(g)) ? undefined : rules.groups;
    },
    message: (names, contact) => ({
      fr: `Ce formulaire est réservé aux membres ${names.length === 1 ? 'du groupe' : 'des groupes'} ${groups(names, 'fr')}. ${contact.fr}`,
      en: `This form is reserved for members of the ${names.length === 1 ? 'group' : 'groups'} ${groups(names, 'en')}. ${contact.en}`,
      de: `Dieses Formular ist Mitgliedern ${names.length === 1 ? 'der Gruppe' : 'der Gruppen'} ${groups(names, 'de')} vorbehalten. ${contact.de}`,
    }),
  },
];

/** The one eligibility check: the eligibility route and the submission both call it. */
export function checkEligibility(form: FormDefinition, person: Person): Eligibility {
  for (const rule of rules) {
    const words = rule.refuses(form.eligibility, person);
    if (words) return { eligible: false, reason: rule.reason, message: rule.message(words, contactSentence(form.eligibility.contact)) };
  }
  return { eligible: true };
}
