import type { Lang } from '../../forms/lang.ts';
import { type Block, renderBlocks, type RenderedMail } from './templates.ts';

/** What the approval mails quote, already in the recipient's language. */
export interface ApprovalMailFacts {
  number: string;
  formTitle: string;
  requesterName: string;
  queueName: string;
  /** Who the step waits for, as the form names them ("the budget holder"). */
  stepName: string;
  summary: readonly (readonly [string, string])[];
}

/**
 * The words of the approval mails, one group per language (French: a narrow
 * no-break space before : ; ? ! and », after «; German: Swiss spelling).
 */
const words = {
  fr: {
    hello: 'Bonjour,',
    request: {
      subject: (f: ApprovalMailFacts) => `[${f.number}] Approbation demandée\u202f: ${f.formTitle} — ${f.requesterName}`,
      reminderSubject: (f: ApprovalMailFacts) => `[${f.number}] Rappel — approbation demandée\u202f: ${f.formTitle} — ${f.requesterName}`,
      intro: (f: ApprovalMailFacts) => `${f.requesterName} a envoyé la demande «\u202f${f.formTitle}\u202f» (${f.number}) et vous désigne comme ${f.stepName}. Votre approbation est nécessaire pour qu’elle avance.`,
      reminder: 'Nous n’avons pas encore reçu votre réponse.',
      link: 'Voir la demande, puis l’approuver ou la refuser\u202f:',
      label: 'Ouvrir la demande',
      valid: (until: string) => `Ce lien est valable jusqu’au ${until} et ne sert qu’à cette décision. Ouvrir la page ne décide rien.`,
      questions: (queue: string) => `Pour une question, répondez à ce message\u202f: il parvient à ${queue}.`,
      heading: 'La demande',
    },
    declined: {
      subject: (f: ApprovalMailFacts) => `[${f.number}] Demande refusée\u202f: ${f.formTitle}`,
      intro: (f: ApprovalMailFacts, by: string) => `Votre demande «\u202f${f.formTitle}\u202f» a été refusée par ${f.stepName} (${by}). Motif\u202f:`,
      after: 'Votre demande est clôturée. Pour toute question, répondez à ce message.',
    },
    stuck: {
      subject: (f: ApprovalMailFacts) => `[${f.number}] Approbation bloquée\u202f: ${f.formTitle} — ${f.requesterName}`,
      unanswered: (f: ApprovalMailFacts, who: string, since: string, reminders: number) =>
        `La demande ${f.number} attend ${f.stepName} (${who}) depuis le ${since}\u202f; ${reminders > 1 ? `${reminders} rappels sont restés` : reminders === 1 ? 'un rappel est resté' : 'la demande est restée'} sans réponse.`,
      nobody: (f: ApprovalMailFacts, why: string) => `La demande ${f.number} attend ${f.stepName}, mais personne n’a pu être trouvé à qui la demander (${why}).`,
      action: 'Depuis la boîte des agents, renvoyez le lien ou adressez-le à une autre personne.',
    },
  },
  en: {
    hello: 'Hello,',
    request: {
      subject: (f: ApprovalMailFacts) => `[${f.number}] Approval requested: ${f.formTitle} — ${f.requesterName}`,
      reminderSubject: (f: ApprovalMailFacts) => `[${f.number}] Reminder — approval requested: ${f.formTitle} — ${f.requesterName}`,
      intro: (f: ApprovalMailFacts) => `${f.requesterName} sent the request “${f.formTitle}” (${f.number}) and names you as ${f.stepName}. It needs your approval to go ahead.`,
      reminder: 'We have not received your answer yet.',
      link: 'See the request, then approve or decline it:',
      label: 'Open the request',
      valid: (until: string) => `This link is valid until ${until} and serves this decision only. Opening the page decides nothing.`,
      questions: (queue: string) => `If you have a question, reply to this message: it reaches ${queue}.`,
      heading: 'The request',
    },
    declined: {
      subject: (f: ApprovalMailFacts) => `[${f.number}] Request declined: ${f.formTitle}`,
      intro: (f: ApprovalMailFacts, by: string) => `Your request “${f.formTitle}” was declined by ${f.stepName} (${by}). Reason:`,
      after: 'Your request is closed. If you have a question, reply to this message.',
    },
    stuck: {
      subject: (f: ApprovalMailFacts) => `[${f.number}] Approval stuck: ${f.formTitle} — ${f.requesterName}`,
      unanswered: (f: ApprovalMailFacts, who: string, since: string, reminders: number) =>
        `Request ${f.number} has been awaiting ${f.stepName} (${who}) since ${since}; ${reminders > 1 ? `${reminders} reminders went` : reminders === 1 ? 'a reminder went' : 'it went'} unanswered.`,
      nobody: (f: ApprovalMailFacts, why: string) => `Request ${f.number} awaits ${f.stepName}, but nobody could be found to ask (${why}).`,
      action: 'From the agents’ inbox, send the link again or send it to someone else.',
    },
  },
  de: {
    hello: 'Guten Tag',
    request: {
      subject: (f: ApprovalMailFacts) => `[${f.number}] Genehmigung erbeten: ${f.formTitle} — ${f.requesterName}`,
      reminderSubject: (f: ApprovalMailFacts) => `[${f.number}] Erinnerung — Genehmigung erbeten: ${f.formTitle} — ${f.requesterName}`,
      intro: (f: ApprovalMailFacts) => `${f.requesterName} hat die Anfrage «${f.formTitle}» (${f.number}) gesendet und nennt Sie als ${f.stepName}. Damit sie weitergeht, braucht es Ihre Genehmigung.`,
      reminder: 'Wir haben Ihre Antwort noch nicht erhalten.',
      link: 'Die Anfrage ansehen, dann genehmigen oder ablehnen:',
      label: 'Anfrage öffnen',
      valid: (until: string) => `Dieser Link ist bis ${until} gültig und dient nur diesem Entscheid. Das Öffnen der Seite entscheidet nichts.`,
      questions: (queue: string) => `Bei Fragen antworten Sie auf diese Nachricht: Sie erreicht ${queue}.`,
      heading: 'Die Anfrage',
    },
    declined: {
      subject: (f: ApprovalMailFacts) => `[${f.number}] Anfrage abgelehnt: ${f.formTitle}`,
      intro: (f: ApprovalMailFacts, by: string) => `Ihre Anfrage «${f.formTitle}» wurde abgelehnt. Entschieden hat: ${f.stepName} (${by}). Begründung:`,
      after: 'Ihre Anfrage ist geschlossen. Bei Fragen antworten Sie auf diese Nachricht.',
    },
    stuck: {
      subject: (f: ApprovalMailFacts) => `[${f.number}] Genehmigung blockiert: ${f.formTitle} — ${f.requesterName}`,
      unanswered: (f: ApprovalMailFacts, who: string, since: string, reminders: number) =>
        `Die Anfrage ${f.number} wartet seit ${since} auf ${f.stepName} (${who}); ${reminders > 1 ? `${reminders} Erinnerungen blieben` : reminders === 1 ? 'eine Erinnerung blieb' : 'sie blieb'} ohne Antwort.`,
      nobody: (f: ApprovalMailFacts, why: string) => `Die Anfrage ${f.number} wartet auf ${f.stepName}, aber es liess sich niemand finden, der gefragt werden kann (${why}).`,
      action: 'Senden Sie den Link im Posteingang erneut oder an eine andere Person.',
    },
  },
} satisfies Record<Lang, unknown>;

/** Why nobody could be asked, in the queue's mail. */
export const unresolvedApprover: Record<Lang, { noAddress: string; notInDirectory: (attribute: string) => string }> = {
  fr: { noAddress: 'aucune adresse dans la demande', notInDirectory: (a) => `l’annuaire ne donne pas d’adresse pour l’attribut ${a} du demandeur` },
  en: { noAddress: 'no address in the request', notInDirectory: (a) => `the directory gives no address for the requester’s ${a} attribute` },
  de: { noAddress: 'keine Adresse in der Anfrage', notInDirectory: (a) => `das Verzeichnis liefert keine Adresse für das Attribut ${a} der anfragenden Person` },
};

/** The mail asking an approver outside the queue to decide, or reminding them. */
export function approvalRequestMail(lang: Lang, f: ApprovalMailFacts, link: string, validUntil: string, reminder: boolean): RenderedMail {
  const w = words[lang];
  const blocks: Block[] = [
    { kind: 'p', text: w.hello },
    ...(reminder ? [{ kind: 'p' as const, text: w.request.reminder }] : []),
    { kind: 'p', text: w.request.intro(f) },
    { kind: 'link', text: w.request.link, label: w.request.label, href: link },
    { kind: 'p', text: w.request.valid(validUntil) },
    { kind: 'table', heading: w.request.heading, rows: f.summary },
    { kind: 'p', text: w.request.questions(f.queueName) },
  ];
  return renderBlocks(reminder ? w.request.reminderSubject(f) : w.request.subject(f), blocks, lang);
}

/** The requester's mail when an approver declined: who, and why. */
export function approvalDeclinedMail(lang: Lang, f: ApprovalMailFacts, by: string, reason: string, statusLink: { text: string; label: string; href: string }): RenderedMail {
  const w = words[lang];
  return renderBlocks(
    w.declined.subject(f),
    [{ kind: 'p', text: w.hello }, { kind: 'p', text: w.declined.intro(f, by) }, { kind: 'quote', text: reason }, { kind: 'p', text: w.declined.after }, { kind: 'link', ...statusLink }],
    lang,
  );
}

/** The queue's mail when a step is stuck: nobody answers, or nobody could be asked. */
export function approvalStuckMail(lang: Lang, f: ApprovalMailFacts, stuck: { who: string; since: string; reminders: number } | { why: string }): RenderedMail {
  const w = words[lang];
  const text = 'why' in stuck ? w.stuck.nobody(f, stuck.why) : w.stuck.unanswered(f, stuck.who, stuck.since, stuck.reminders);
  return renderBlocks(w.stuck.subject(f), [{ kind: 'p', text }, { kind: 'p', text: w.stuck.action }, { kind: 'table', heading: w.request.heading, rows: f.summary }], lang);
}
