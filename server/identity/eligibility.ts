import type { FormDefinition } from '../../forms/definition.ts';
import type { Lang, Localized } from '../../forms/lang.ts';
import { serverWords } from '../words/index.ts';
import type { Person } from './person.ts';

export type EligibilityReason = 'denied_affiliation' | 'affiliation' | 'email_domain' | 'group';

export type Eligibility = { eligible: true } | { eligible: false; reason: EligibilityReason; message: Localized };

type Rules = FormDefinition['eligibility'];

/** The same sentence in every language. */
const inEach = (say: (lang: Lang) => string): Localized => ({ fr: say('fr'), en: say('en'), de: say('de') });

function join(words: readonly string[], joiner: string): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')}${joiner}${words.at(-1)}`;
}

function affiliations(values: readonly string[], lang: Lang): string {
  return join(
    values.map((a) => (serverWords[lang].eligibility.affiliations as Record<string, string>)[a] ?? a),
    serverWords[lang].eligibility.and,
  );
}

/** `example.edu` → "@example.edu", `*.example.edu` → ".example.edu": what the address ends in. */
function endings(domains: readonly string[], lang: Lang): string {
  return join(
    domains.map((d) => (d.startsWith('*.') ? d.slice(1) : `@${d}`)),
    serverWords[lang].eligibility.or,
  );
}

function groups(names: readonly string[], lang: Lang): string {
  return join(names.map((n) => serverWords[lang].eligibility.quoted(n)), serverWords[lang].eligibility.or);
}

const lower = (values: readonly string[]) => values.map((v) => v.toLowerCase());

/** The sentence that ends every refusal: whom to contact, as the form names them (its `eligibility.contact`). */
function contactSentence(contact: Rules['contact']): Localized {
  if (!contact) return inEach((lang) => serverWords[lang].eligibility.noContact);
  const where = [contact.email, contact.url].filter(Boolean);
  const detail = where.length > 0 ? ` (${where.join(', ')})` : '';
  return inEach((lang) => serverWords[lang].eligibility.contact(contact.name[lang], detail));
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
    message: (denied, contact) => inEach((lang) => serverWords[lang].eligibility.deniedAffiliation(affiliations(denied, lang), contact[lang])),
  },
  {
    reason: 'affiliation',
    refuses(rules, person) {
      const allowed = lower(rules.affiliations);
      return allowed.length === 0 || lower(person.affiliations).some((a) => allowed.includes(a)) ? undefined : rules.affiliations;
    },
    message: (allowed, contact) => inEach((lang) => serverWords[lang].eligibility.affiliation(affiliations(allowed, lang), contact[lang])),
  },
  {
    reason: 'email_domain',
    refuses: (rules, person) => (rules.emailDomains.length === 0 || rules.emailDomains.some((d) => domainAllows(d, person.email)) ? undefined : rules.emailDomains),
    message: (domains, contact) => inEach((lang) => serverWords[lang].eligibility.emailDomain(endings(domains, lang), contact[lang])),
  },
  {
    reason: 'group',
    refuses(rules, person) {
      const mine = lower(person.groups);
      return rules.groups.length === 0 || lower(rules.groups).some((g) => mine.includes(g)) ? undefined : rules.groups;
    },
    message: (names, contact) => inEach((lang) => serverWords[lang].eligibility.group(names.length, groups(names, lang), contact[lang])),
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
