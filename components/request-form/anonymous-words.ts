import type { Lang } from '../../forms/lang.ts';

/**
 * The anonymous requester's chunk's own words: they ship with that chunk, not
 * in the embed's locales (components/locales), which stay within its budget.
 */
export interface AnonymousWords {
  /** The ALTCHA check's worker did not start: the visitor cannot send, and is told whom to tell. */
  altchaBlocked: string;
}

export const anonymousWords: Record<Lang, AnonymousWords> = {
  fr: {
    altchaBlocked:
      'La vérification anti-robot ne peut pas s’exécuter sur cette page\u202f: sa politique de sécurité (CSP) la bloque, et le formulaire ne peut donc pas être envoyé. Signalez-le aux responsables de ce site web.',
  },
  en: {
    altchaBlocked:
      'The anti-robot check cannot run on this page: its security policy (CSP) blocks it, so the form cannot be sent. Please tell the people who run this website.',
  },
  de: {
    altchaBlocked:
      'Die Anti-Roboter-Prüfung kann auf dieser Seite nicht laufen: Die Sicherheitsrichtlinie (CSP) der Seite blockiert sie, daher kann das Formular nicht gesendet werden. Bitte melden Sie dies den Verantwortlichen dieser Website.',
  },
};
