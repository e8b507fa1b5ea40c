import type { ServerWords } from './shape.ts';

// French typography: a narrow no-break space (U+202F) before : ; ? ! and inside « », the typographic apostrophe (’).

/** French "de" before a name: elided before a vowel or a mute h ("d’Alice", "d’Hélène"), "de Bruno" otherwise. */
export function ofName(name: string): string {
  return /^[aeiouyhàâäéèêëîïôöûüœæ]/i.test(name.normalize('NFC')) ? `d’${name}` : `de ${name}`;
}

const quoted = (text: string) => `«\u202f${text}\u202f»`;

export const fr: ServerWords = {
  errors: {
    bad_request: 'La requête est mal formée.',
    too_large: 'La requête est trop volumineuse.',
    unauthenticated: 'Veuillez vous connecter pour continuer.',
    not_eligible: 'Vous ne pouvez pas utiliser ce formulaire.',
    forbidden: 'Action non autorisée.',
    not_found: 'Introuvable, ou le lien n’est plus valable.',
    conflict: 'Cette action n’est pas possible dans l’état actuel.',
    validation: 'Certains champs doivent être corrigés.',
    idempotency_mismatch: 'Cette clé d’idempotence a déjà servi pour une autre demande\u202f: envoyez une nouvelle clé pour une nouvelle demande.',
    unreadable_mail: 'Ce courriel ne peut pas être lu.',
    rate_limited: 'Trop de requêtes. Réessayez dans un moment.',
    unavailable: 'Le service est momentanément indisponible. Réessayez dans un moment.',
    internal: 'Une erreur inattendue s’est produite. Votre demande n’a pas été perdue\u202f: réessayez.',
  },
  request: {
    malformed: (where) => `Requête mal formée — ${where}`,
    sendJson: 'Envoyez du JSON (en-tête Content-Type application/json).',
    tooManyParts: 'Trop de parties dans la requête\u202f: au plus une par fichier que le formulaire accepte.',
    nulCharacter: 'Le texte envoyé contient un caractère nul (U+0000), qui n’est pas accepté.',
    originRefused: 'Ce site n’est pas autorisé à envoyer ce formulaire.',
    anonymousFiles: 'Connectez-vous pour joindre des fichiers à une demande.',
    noLoginPage:
      'Ce service n’a pas de page de connexion configurée\u202f: vous ne pouvez pas vous connecter depuis cette page. Contactez le service qui propose ce formulaire.',
    honeypot: 'La demande n’a pas pu être envoyée. Rechargez la page et réessayez\u202f; si cela se reproduit, contactez le service.',
  },
  identity: {
    sessionExpired: 'Votre session a expiré. Reconnectez-vous pour continuer.',
    sessionInvalid: 'Votre connexion n’a pas pu être vérifiée. Reconnectez-vous pour continuer.',
    idpUnreachable: 'Le service de connexion de l’université est injoignable pour le moment. Réessayez dans un moment.',
    directoryUnreachable: 'L’annuaire de l’université est injoignable pour le moment, nous ne pouvons donc pas vérifier votre profil. Réessayez dans un moment.',
    badMailAttribute: 'Votre connexion ne transmet pas une adresse e-mail unique et valide. Contactez le support informatique.',
  },
  eligibility: {
    affiliations: {
      staff: 'au personnel',
      faculty: 'au corps enseignant',
      student: 'aux étudiantes et étudiants',
      employee: 'aux employé·e·s',
      member: 'aux membres de l’université',
      affiliate: 'aux personnes affiliées',
      alum: 'aux alumni',
      external: 'aux personnes externes',
    },
    and: ' et ',
    or: ' ou ',
    quoted,
    noContact: 'Contactez le service si vous pensez que c’est une erreur.',
    contact: (name, detail) => `Si vous pensez que c’est une erreur, contactez ${name}${detail}.`,
    deniedAffiliation: (affiliations, contact) => `Ce formulaire n’est pas ouvert ${affiliations}. ${contact}`,
    affiliation: (affiliations, contact) => `Ce formulaire est réservé ${affiliations}. Votre profil ne vous permet pas de l’utiliser. ${contact}`,
    emailDomain: (endings, contact) => `Ce formulaire est réservé aux adresses e-mail se terminant par ${endings}. ${contact}`,
    group: (count, groups, contact) => `Ce formulaire est réservé aux membres ${count === 1 ? 'du groupe' : 'des groupes'} ${groups}. ${contact}`,
  },
  states: {
    label: {
      new: 'Reçue',
      open: 'En cours de traitement',
      pending: 'En attente',
      appointment: 'Rendez-vous fixé',
      pending_auto_close: 'Traitée, clôture prévue',
      closed: 'Clôturée',
    },
    event: {
      submitted: 'Demande envoyée',
      requester_message: 'Message',
      agent_reply: 'Réponse',
      state_changed: 'Changement d’état',
      approved: 'Approuvée',
      rejected: 'Refusée',
      auto_closed: 'Clôturée automatiquement',
      reopened: 'Rouverte',
      feedback: 'Avis',
      step_approved: 'Étape approuvée',
      step_declined: 'Refusée',
    },
    transition: (from, to) => `Impossible de passer de l’état ${quoted(from)} à ${quoted(to)}.`,
  },
  lifecycle: {
    lockedBy: (name) => `${name} traite ce ticket en ce moment. Attendez qu’il ou elle le libère, ou reprenez-le explicitement.`,
    notAgent: 'Vous n’êtes pas agent·e de la file de ce ticket.',
    noWorkflow: 'Ce formulaire n’a pas d’étape d’approbation.',
    confirm: 'Confirmez avoir vérifié ce champ.',
    untilRequired: 'Indiquez la date (until).',
    unknownQueue: 'Cette file n’existe pas.',
    notRejectable: 'Cette demande a déjà été approuvée ou close\u202f: elle ne peut plus être refusée. Rouvrez-la d’abord si la décision change.',
    closedReply: 'Ce ticket est clôturé\u202f: rouvrez-le avant de répondre.',
    changed: 'Le ticket vient de changer\u202f; rechargez-le.',
    anonymised: 'Cette demande a été anonymisée\u202f; elle ne peut plus changer.',
  },
  reports: {
    notAgent: 'Vous n’êtes pas agent·e de cette file.',
    noQueue: 'Vous ne travaillez dans aucune file.',
    badDate: 'Date invalide (AAAA-MM-JJ).',
    order: `Doit être après ${quoted('from')}.`,
    span: (days) => `Au plus ${days} jours.`,
  },
  requester: {
    waitingFor: (queue) => `Votre demande attend d’être prise en charge par\u202f: ${queue}. Vous recevrez un e-mail à chaque étape.`,
    workingOn: (queue) => `${queue} traite votre demande.`,
    notClosed: 'Cette demande n’est pas clôturée.',
    windowOver: 'Le délai pour rouvrir cette demande est dépassé. Vous pouvez faire une nouvelle demande, liée à celle-ci.',
    changed: 'La demande vient de changer\u202f; réessayez.',
    alreadyAccepted: 'Ce courriel a déjà été accepté.',
    mailCut: (kept, of) => `[Message coupé\u202f: ${kept} caractères gardés sur ${of}.]`,
    attachmentsNotKept: (names) => `[Pièces jointes non gardées (envoyées par courriel)\u202f: ${names}.]`,
    yes: 'Oui',
  },
  anonymous: {
    altchaMissing: 'Confirmez que vous n’êtes pas un robot (vérification anti-robot).',
    altchaFailed: 'La vérification anti-robot a échoué ou a expiré. Refaites-la, puis envoyez à nouveau.',
    nameTooLong: 'Au plus 200 caractères.',
  },
  pages: {
    status: { title: 'Suivi de votre demande', intro: 'L’état de votre demande, ses échanges avec le service\u202f; vous pouvez y répondre.' },
    reopen: {
      title: 'Rouvrir ou donner votre avis',
      intro: 'Votre demande a été clôturée. Si le problème persiste, rouvrez-la\u202f; sinon, dites-nous si l’aide vous a été utile.',
    },
  },
  dev: {
    sampleThanks: 'Merci beaucoup, tout fonctionne\u202f!\n\nAlice',
    noReplyTo: 'Ce courriel n’attend pas de réponse.',
    badDuration: (given) => `Durée ISO-8601 attendue (par ex. P7D, PT3H)\u202f: ${quoted(given)}`,
  },
  mail: {
    signature: 'Guichet — services de l’université',
    hello: (name) => `Bonjour ${name},`,
    helloNoName: 'Bonjour,',
    labelled: (label, value) => `${label}\u202f: ${value}`,
    heading: (text) => `${text}\u202f:`,
    follow: { text: 'Suivre votre demande\u202f:', label: 'Suivre ma demande' },
    replyHint: 'Pour ajouter quelque chose, répondez simplement à ce message.',
    yourRequest: 'Votre demande',
    confirmation: {
      subject: (f) => `[${f.number}] Demande reçue\u202f: ${f.formTitle}`,
      received: (f) => `Nous avons bien reçu votre demande ${quoted(f.formTitle)}. Son numéro est ${f.number}\u202f; elle est transmise à\u202f: ${f.queueName}.`,
      personal: 'Ce lien est personnel\u202f: ne le transmettez pas. Pour compléter votre demande, répondez simplement à ce message.',
    },
    agentReply: {
      subject: (f) => `[${f.number}] Réponse à votre demande\u202f: ${f.formTitle}`,
      replied: (f) => `${f.agentName} (${f.queueName}) vous a répondu\u202f:`,
    },
    approved: {
      subject: (f) => `[${f.number}] Commande approuvée\u202f: ${f.formTitle}`,
      approved: (f) => `Votre demande ${quoted(f.formTitle)} a été approuvée par ${f.queueName}.`,
      download: 'Téléchargement\u202f:',
      installHelp: 'Aide à l’installation\u202f:',
      closesAt: (date) => `La demande sera clôturée automatiquement le ${date}. Si quelque chose ne fonctionne pas, répondez à ce message\u202f: elle sera rouverte.`,
    },
    rejected: {
      subject: (f) => `[${f.number}] Demande refusée\u202f: ${f.formTitle}`,
      rejected: (f) => `Votre demande ${quoted(f.formTitle)} a été refusée par ${f.queueName}. Motif\u202f:`,
      question: 'Pour toute question, répondez à ce message.',
    },
    waiting: {
      subject: (f) => `[${f.number}] ${f.stateLabel}\u202f: ${f.formTitle}`,
      now: (f) => `Votre demande ${quoted(f.formTitle)} est maintenant\u202f: ${f.stateLabel}${f.until ? `, jusqu’au ${f.until}` : ''}. Elle ne sera pas clôturée entre-temps.`,
    },
    closed: {
      subject: (f) => `[${f.number}] Demande traitée\u202f: ${f.formTitle}`,
      handled: (f) => `${f.agentName} (${f.queueName}) a traité votre demande ${quoted(f.formTitle)} et l’a clôturée.`,
      notSolved: 'Si le problème n’est pas résolu, répondez simplement à ce message\u202f: la demande sera rouverte.',
    },
    closure: {
      subject: (f) => `[${f.number}] Demande traitée et clôturée\u202f: ${f.formTitle}`,
      scheduled: (f) => `Votre demande ${quoted(f.formTitle)} a été traitée\u202f; elle est maintenant clôturée comme prévu.`,
      idle: (f) => `Votre demande ${quoted(f.formTitle)} est sans activité depuis plusieurs jours\u202f: nous la considérons comme traitée et l’avons clôturée.`,
      reopenUntil: (date) => `Si ce n’est pas le cas, répondez simplement à ce message ou utilisez le lien ci-dessous jusqu’au ${date}\u202f: la demande sera rouverte.`,
      link: 'Ce n’est pas résolu\u202f? Rouvrir ou donner votre avis\u202f:',
      linkLabel: 'Rouvrir ma demande',
    },
    queueReopened: {
      subject: (f) => `[${f.number}] Demande rouverte\u202f: ${f.formTitle}`,
      reopened: (f) => `${f.requesterName} a rouvert sa demande\u202f:`,
    },
    queueNewTicket: {
      subject: (f) => `[${f.number}] Nouvelle demande\u202f: ${f.formTitle} — ${f.requesterName}`,
      from: (f) => `Nouvelle demande ${ofName(f.requesterName)} <${f.requesterEmail}> dans la file ${f.queueName}.`,
      heading: 'Demande',
      attachments: 'Pièces jointes',
    },
    queueRequesterMessage: {
      subject: (f) => `[${f.number}] Message du demandeur\u202f: ${f.formTitle}`,
      wrote: (f) => `${f.requesterName} a écrit\u202f:`,
    },
    unanswered: {
      subject: (count, queue) => `${count} demande${count > 1 ? 's' : ''} clôturée${count > 1 ? 's' : ''} sans réponse\u202f: ${queue}`,
      intro: (queue) =>
        `Ces demandes de la file ${queue} sont restées sans réponse d’un agent et ont été clôturées pour inactivité. Les demandeurs peuvent les rouvrir\u202f; si l’une d’elles n’a pas été traitée (par téléphone ou au guichet), répondez-y depuis la boîte des agents.`,
      heading: 'Clôturées sans réponse',
    },
    addressCheck: {
      subject: (f) => `Confirmez votre demande\u202f: ${f.formTitle}`,
      prepared: (f) =>
        `Une demande ${quoted(f.formTitle)} pour ${f.queueName} a été préparée avec l’adresse ${f.email}. Elle ne sera envoyée que si vous la confirmez, avant le ${f.validUntil}.`,
      link: 'Confirmer l’adresse et envoyer la demande\u202f:',
      linkLabel: 'Confirmer ma demande',
      notYou: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message\u202f: rien ne sera envoyé.',
    },
  },
};
