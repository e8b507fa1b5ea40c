import type { Lang } from '../../forms/lang.ts';

/**
 * The report's own words. They ship with the agents' module, not in the
 * requester embed's locales (components/locales), which stay at its budget.
 */
export interface ReportWords {
  month: string;
  loading: string;
  signIn: string;
  forbidden: string;
  network: string;
  download: string;
  downloading: string;
  created: string;
  openNow: string;
  firstReply: string;
  closure: string;
  median: string;
  p90: string;
  measured: (count: number) => string;
  closed: string;
  bySweep: string;
  reopened: string;
  afterSweep: string;
  afterAgent: string;
  thanks: string;
  rating: string;
  ratings: (count: number) => string;
  none: string;
  dailyChart: (title: string) => string;
  durationChart: (title: string, median: string, p90: string) => string;
  p90Legend: string;
  createdLegend: string;
  closedLegend: string;
}

export const reportWords: Record<Lang, ReportWords> = {
  fr: {
    month: 'Mois',
    loading: 'Chargement…',
    signIn: 'Connectez-vous pour voir les chiffres du service.',
    forbidden: 'Vous n’avez pas accès aux chiffres de cette file.',
    network: 'Le serveur ne répond pas. Réessayez dans un moment.',
    download: 'Télécharger en CSV',
    downloading: 'Téléchargement…',
    created: 'Demandes créées',
    openNow: 'Ouvertes maintenant',
    firstReply: 'Première réponse',
    closure: 'Clôture',
    median: 'médiane',
    p90: '90 % en moins de',
    measured: (n) => `${n} mesurée${n > 1 ? 's' : ''}`,
    closed: 'Clôtures',
    bySweep: 'par la clôture automatique',
    reopened: 'Rouvertes',
    afterSweep: 'après une clôture automatique',
    afterAgent: 'après une clôture par un agent',
    thanks: 'Remerciements',
    rating: 'Note moyenne',
    ratings: (n) => `${n} note${n > 1 ? 's' : ''}`,
    none: '—',
    dailyChart: (title) => `${title}\u202f: demandes créées et clôturées par jour`,
    durationChart: (title, median, p90) => `${title}\u202f: médiane ${median}, 90 % en moins de ${p90}`,
    p90Legend: '90e centile',
    createdLegend: 'créées',
    closedLegend: 'clôturées',
  },
  en: {
    month: 'Month',
    loading: 'Loading…',
    signIn: 'Sign in to see the service figures.',
    forbidden: 'You have no access to this queue’s figures.',
    network: 'The server does not answer. Try again in a moment.',
    download: 'Download as CSV',
    downloading: 'Downloading…',
    created: 'Requests created',
    openNow: 'Open now',
    firstReply: 'First reply',
    closure: 'Closure',
    median: 'median',
    p90: '90% within',
    measured: (n) => `${n} measured`,
    closed: 'Closures',
    bySweep: 'by the automatic closure',
    reopened: 'Reopened',
    afterSweep: 'after an automatic closure',
    afterAgent: 'after an agent closed it',
    thanks: 'Thank-you messages',
    rating: 'Mean rating',
    ratings: (n) => `${n} rating${n === 1 ? '' : 's'}`,
    none: '—',
    dailyChart: (title) => `${title}: requests created and closed per day`,
    durationChart: (title, median, p90) => `${title}: median ${median}, 90% within ${p90}`,
    p90Legend: '90th percentile',
    createdLegend: 'created',
    closedLegend: 'closed',
  },
  de: {
    month: 'Monat',
    loading: 'Wird geladen…',
    signIn: 'Melden Sie sich an, um die Kennzahlen zu sehen.',
    forbidden: 'Sie haben keinen Zugriff auf die Kennzahlen dieser Warteschlange.',
    network: 'Der Server antwortet nicht. Versuchen Sie es gleich noch einmal.',
    download: 'Als CSV herunterladen',
    downloading: 'Wird heruntergeladen…',
    created: 'Erstellte Anfragen',
    openNow: 'Jetzt offen',
    firstReply: 'Erste Antwort',
    closure: 'Abschluss',
    median: 'Median',
    p90: '90 % innerhalb von',
    measured: (n) => `${n} gemessen`,
    closed: 'Schliessungen',
    bySweep: 'durch die automatische Schliessung',
    reopened: 'Wiedereröffnet',
    afterSweep: 'nach automatischer Schliessung',
    afterAgent: 'nach Schliessung durch Agent:in',
    thanks: 'Dankesnachrichten',
    rating: 'Mittlere Bewertung',
    ratings: (n) => `${n} Bewertung${n === 1 ? '' : 'en'}`,
    none: '—',
    dailyChart: (title) => `${title}: erstellte und geschlossene Anfragen pro Tag`,
    durationChart: (title, median, p90) => `${title}: Median ${median}, 90 % innerhalb von ${p90}`,
    p90Legend: '90. Perzentil',
    createdLegend: 'erstellt',
    closedLegend: 'geschlossen',
  },
};
