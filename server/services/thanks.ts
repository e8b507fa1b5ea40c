/**
 * Whether a requester's message only says thanks, so that it is recorded
 * without reopening a closed ticket. The rule: once the thanks are set aside,
 * what is left may only be a greeting, a sign-off, a name, a signature, an
 * emoji, or a confirmation that it works now. When in doubt the answer is no:
 * a missed problem costs more than a reopened thank-you.
 *
 * Guichet's own rule, so written here; the phrase tables per language are the
 * one place to extend it (test/server/thanks.test.ts holds the phrasings).
 */

export interface ThanksPhrases {
  /** Phrases that carry the thanks: a message needs at least one. */
  thanks: string[];
  /** "It works now" in its forms; they may hold words that are trouble alone ("problème résolu"). */
  confirmations: string[];
  greetings: string[];
  signOffs: string[];
  /** Single words that may surround the rest without saying anything is wrong. */
  fillers: string[];
  /** Words that say something is still wrong or asked; they keep a line from being read as a signature or a name. */
  trouble: string[];
}

/** Written as people type them; compared without case, accents or punctuation (ß as ss, ’ as '). */
export const thanksPhrases: Record<'fr' | 'en' | 'de', ThanksPhrases> = {
  fr: {
    thanks: ['merci', 'mercii', 'merciii', 'remerciements', 'je vous remercie', 'je te remercie', 'nous vous remercions', 'un grand merci', 'mille mercis', 'mille merci', 'grand merci', 'merci infiniment'],
    confirmations: [
      'ça marche', 'ça fonctionne', 'ça remarche', 'ça refonctionne', 'tout fonctionne', 'tout marche', 'tout est en ordre', 'tout est bon', 'tout est ok', 'tout est réglé',
      'c’est réglé', 'c’est résolu', 'c’est bon', 'c’est parfait', 'c’est ok', 'c’est nickel', 'problème résolu', 'problème réglé', 'plus de problème', 'ça roule', 'ça va mieux',
      'ça marche maintenant', 'ça fonctionne maintenant', 'ça marche à nouveau', 'ça fonctionne à nouveau', 'ça fonctionne de nouveau', 'j’ai bien reçu', 'bien reçu', 'reçu', 'c’est tout bon',
      'fonctionne parfaitement', 'marche parfaitement', 'tout est rentré dans l’ordre', 'la demande peut être fermée', 'vous pouvez fermer',
    ],
    greetings: ['bonjour', 'bonsoir', 'salut', 'coucou', 'madame', 'monsieur', 'chère', 'cher', 'bonne journée', 'bonne soirée', 'bonne fin de journée', 'bonne semaine', 'bon week-end', 'bon weekend', 'bonne continuation', 'à bientôt', 'bonne fin de semaine', 'belle journée'],
    signOffs: ['cordialement', 'bien cordialement', 'salutations', 'meilleures salutations', 'sincères salutations', 'bien à vous', 'bien à toi', 'amicalement', 'bonne journée', 'belles salutations', 'avec mes remerciements', 'avec mes meilleures salutations'],
    fillers: [
      'beaucoup', 'bien', 'infiniment', 'mille', 'fois', 'encore', 'pour', 'votre', 'vos', 'ton', 'ta', 'tes', 'la', 'le', 'les', 'l', 'de', 'du', 'des', 'd', 'un', 'une', 'grand', 'gros', 'très', 'vraiment', 'à', 'a', 'vous',
      'toi', 'et', 'aide', 'rapidité', 'réactivité', 'réponse', 'intervention', 'retour', 'efficacité', 'patience', 'gentillesse', 'service', 'équipe', 'tout', 'parfait', 'super', 'top', 'génial', 'nickel',
      'impeccable', 'excellent', 'bon', 'bonne', 'ok', 'okay', 'd’accord', 'maintenant', 'désormais', 'nouveau', 'rapide', 'efficace', 'travail', 'dépannage', 'solution', 'explications', 'suivi',
      'au', 'aux', 'tous', 'toutes', 'cool', 'parfaitement', 'vite', 'aussi',
    ],
    trouble: ['pas', 'plus', 'toujours', 'mais', 'erreur', 'problème', 'bug', 'panne', 'svp', 's’il vous plaît', 'pourriez', 'pouvez', 'jamais', 'aucun', 'rien', 'ne', 'n'],
  },
  en: {
    thanks: ['thanks', 'thank you', 'thank u', 'thankyou', 'thx', 'thnx', 'tnx', 'ty', 'tyvm', 'cheers', 'much appreciated', 'appreciate it', 'i appreciate it', 'many thanks', 'thanks a lot', 'thanks so much', 'thank you so much', 'thanks a million', 'thanks again'],
    confirmations: [
      'it works', 'it works now', 'works now', 'working now', 'it is working', 'it is working now', 'it’s working', 'it’s working now', 'it worked', 'that worked', 'that did it', 'that did the trick', 'that fixed it', 'all sorted',
      'all good', 'all good now', 'all set', 'all fixed', 'all done', 'sorted', 'fixed', 'solved', 'problem solved', 'issue resolved', 'issue solved', 'problem fixed', 'resolved', 'works perfectly', 'works like a charm',
      'works fine', 'works great', 'everything works', 'everything works now', 'everything is fine', 'everything is working', 'everything’s fine', 'got it', 'received', 'you can close it', 'you can close the ticket', 'no more problems',
      'back to normal', 'up and running', 'good to go',
    ],
    greetings: ['hi', 'hello', 'hey', 'dear', 'good morning', 'good afternoon', 'good evening', 'have a nice day', 'have a good day', 'have a great day', 'have a nice weekend', 'have a good weekend', 'have a great weekend', 'have a nice evening', 'enjoy your day', 'enjoy your weekend', 'take care'],
    signOffs: ['regards', 'kind regards', 'best regards', 'warm regards', 'best wishes', 'best', 'all the best', 'sincerely', 'yours sincerely', 'yours', 'cheers', 'with thanks', 'with many thanks'],
    fillers: [
      'so', 'much', 'very', 'a', 'lot', 'lots', 'again', 'for', 'your', 'the', 'help', 'quick', 'fast', 'speedy', 'prompt', 'swift', 'response', 'reply', 'support', 'assistance', 'fix', 'great', 'perfect', 'awesome',
      'brilliant', 'excellent', 'wonderful', 'amazing', 'fantastic', 'super', 'ok', 'okay', 'now', 'and', 'you', 'all', 'everyone', 'team', 'guys', 'folks', 'really', 'truly', 'indeed', 'everything', 'great',
      'work', 'job', 'effort', 'patience', 'time', 'nice', 'good', 'kind', 'kindly', 'just', 'to', 'let', 'know', 'me', 'very', 'million', 'cool', 'oh', 'wow', 'yay',
    ],
    trouble: ['not', 'no', 'never', 'still', 'but', 'however', 'error', 'problem', 'issue', 'fail', 'fails', 'failed', 'broken', 'please', 'could', 'can', 'would', 'doesn', 'don', 'didn', 'isn', 'won', 'wasn', 'nothing'],
  },
  de: {
    thanks: [
      'danke', 'dankeschön', 'danke schön', 'danke sehr', 'vielen dank', 'vielen herzlichen dank', 'herzlichen dank', 'besten dank', 'tausend dank', 'recht herzlichen dank', 'ganz herzlichen dank', 'lieben dank', 'merci', 'merci vielmal',
      'merci vielmals', 'merci vilmal', 'merci viumau', 'merci villmol', 'merci vill mol', 'merci beaucoup', 'herzlichen dank', 'härzliche dank', 'härzlichen dank', 'danke vielmal', 'danke vielmals', 'ich danke ihnen', 'ich danke dir', 'vielen lieben dank', 'dankeschön',
    ],
    confirmations: [
      'es funktioniert', 'funktioniert', 'funktioniert wieder', 'funktioniert jetzt', 'es funktioniert wieder', 'es funktioniert jetzt', 'es geht wieder', 'geht wieder', 'es läuft wieder', 'läuft wieder', 'es klappt', 'klappt',
      'hat geklappt', 'es hat geklappt', 'alles gut', 'alles klar', 'alles erledigt', 'alles bestens', 'alles in ordnung', 'alles funktioniert', 'passt', 'es passt', 'passt alles', 'erledigt', 'gelöst', 'problem gelöst',
      'problem behoben', 'kein problem mehr', 'es louft wieder', 'es gaht wieder', 'es funktioniert einwandfrei', 'funktioniert einwandfrei', 'funktioniert tadellos', 'tiptop', 'tipptopp', 'erhalten', 'habe es erhalten',
    ],
    greetings: [
      'hallo', 'guten tag', 'guten morgen', 'grüezi', 'grüessech', 'sali', 'salü', 'hoi', 'liebe', 'lieber', 'sehr geehrte', 'sehr geehrter', 'schönen tag', 'schönen tag noch', 'schönes wochenende', 'einen schönen tag',
      'ein schönes wochenende', 'en schöne tag', 'en schöne tag no', 'schöne tag', 'es schöns wuchenänd', 'schönen abend', 'schönen feierabend', 'ciao', 'tschüss', 'adieu', 'bis bald', 'e schöne tag',
    ],
    signOffs: [
      'gruss', 'grüsse', 'grüße', 'gruß', 'liebe grüsse', 'liebe grüße', 'lg', 'viele grüsse', 'viele grüße', 'beste grüsse', 'beste grüße', 'freundliche grüsse', 'freundliche grüße', 'mit freundlichen grüssen', 'mit freundlichen grüßen',
      'mfg', 'freundliche grüsse', 'herzliche grüsse', 'herzliche grüße', 'schöne grüsse', 'grüessli', 'liebi grüess', 'liebe gruess', 'gruess', 'fründlichi grüess', 'en gruess', 'es grüessli', 'sonnige grüsse', 'mit besten grüssen', 'mit besten grüßen',
    ],
    fillers: [
      'sehr', 'vielmals', 'vielmal', 'nochmals', 'mal', 'für', 'fur', 'die', 'den', 'das', 'der', 'dem', 'd', 'hilf', 'hilfe', 'schnelle', 'rasche', 'schnell', 'rasch', 'unterstützung', 'antwort', 'bearbeitung',
      'erledigung', 'mühe', 'geduld', 'ihre', 'ihnen', 'deine', 'dir', 'euch', 'eure', 'und', 'jetzt', 'nun', 'wieder', 'super', 'perfekt', 'prima', 'toll', 'top', 'wunderbar', 'bestens', 'klasse', 'spitze', 'genial',
      'einwandfrei', 'es', 'alles', 'ganz', 'herzlich', 'herzlichen', 'vielen', 'viele', 'lieben', 'liebe', 'ok', 'okay', 'gut', 'sie', 'ihr', 'team', 'freundlichen', 'grüssen', 'dafür', 'mit', 'hat',
    ],
    trouble: ['nicht', 'kein', 'keine', 'nie', 'aber', 'immer', 'fehler', 'problem', 'bitte', 'könnten', 'können', 'leider', 'trotzdem', 'jedoch', 'geht nicht', 'nöd', 'nid', 'ned'],
  },
};

/** Emoji that say something is wrong keep the ticket open. */
const sadEmoji = /[\u{1F44E}\u{1F61E}\u{1F622}\u{1F621}\u{2639}\u{1F641}\u{1F615}\u{1F61F}\u{1F620}\u{1F62D}\u{1F623}\u{1F616}\u{1F92C}\u{1F494}]|:-?\(|:'\(/u;
const emoji = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u200d\ufe0f]|[:;]-?[)D(pP]|\^\^|<3/gu;
/** Lines a phone or a mail program appends: never the requester's words. */
const mobileFooter = /^(sent from my|envoyé de mon|envoyé depuis|von meinem .* gesendet|gesendet von|get outlook for|obtenir outlook pour|outlook für)/i;

/** Lower case, no accents, ß as ss, typographic apostrophes as ', for comparing words whatever the keyboard. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').replace(/[’ʼ`´]/g, "'").toLowerCase();
}

const wordsOf = (text: string): string[] => fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

interface Tables {
  /** Phrases as word lists, longest first, each with whether it carries thanks. */
  phrases: { words: string[]; thanks: boolean }[];
  fillers: Set<string>;
  trouble: Set<string>;
  troublePhrases: string[][];
  signOffLines: Set<string>;
}

function buildTables(): Tables {
  const all = Object.values(thanksPhrases);
  const phrases = new Map<string, boolean>();
  for (const table of all) {
    for (const p of table.thanks) phrases.set(wordsOf(p).join(' '), true);
    for (const p of [...table.confirmations, ...table.greetings, ...table.signOffs]) {
      const key = wordsOf(p).join(' ');
      if (!phrases.has(key)) phrases.set(key, false);
    }
  }
  const trouble = all.flatMap((t) => t.trouble.map(wordsOf));
  return {
    phrases: [...phrases].map(([key, thanks]) => ({ words: key.split(' '), thanks })).sort((a, b) => b.words.length - a.words.length),
    fillers: new Set(all.flatMap((t) => t.fillers.flatMap(wordsOf))),
    trouble: new Set(trouble.filter((w) => w.length === 1).map((w) => w[0]!)),
    troublePhrases: trouble.filter((w) => w.length > 1),
    signOffLines: new Set(all.flatMap((t) => [...t.signOffs, ...t.greetings, ...t.thanks]).map((p) => wordsOf(p).join(' '))),
  };
}

const tables = buildTables();

/** Phrases consumed greedily, longest first; what is left, and whether a thanks phrase was among them. */
function consume(words: string[]): { left: string[]; thanked: boolean } {
  const left: string[] = [];
  let thanked = false;
  for (let i = 0; i < words.length; ) {
    const match = tables.phrases.find((p) => p.words.every((w, k) => words[i + k] === w));
    if (match) {
      thanked ||= match.thanks;
      i += match.words.length;
    } else {
      left.push(words[i]!);
      i += 1;
    }
  }
  return { left, thanked };
}

function troubled(words: string[]): boolean {
  const { left } = consume(words);
  if (left.some((w) => tables.trouble.has(w))) return true;
  const joined = ` ${left.join(' ')} `;
  return tables.troublePhrases.some((p) => joined.includes(` ${p.join(' ')} `));
}

/** One to four capitalised words or initials and nothing else: "Alice", "Alice Martin", "J.-P. Favre", "Dr. Jane Doe". */
function looksLikeName(line: string, names: readonly string[]): boolean {
  const folded = wordsOf(line).join(' ');
  if (names.some((n) => wordsOf(n).join(' ') === folded || wordsOf(n).includes(folded))) return true;
  if (line.length > 40 || /[\d@:/?!]/.test(line)) return false;
  const written = line.split(/[\s,]+/).filter(Boolean);
  return written.length >= 1 && written.length <= 4 && written.every((w) => /^(\p{Lu}[\p{Ll}'’-]+|\p{Lu}\.(-?\p{Lu}\.)?|\p{Lu}\p{Ll}{0,3}\.)$/u.test(w));
}

/**
 * A line of the sign-off block after a name: contact details (a phone, an
 * address) or a title or unit, where at least half the longer words are
 * capitalised ("Service des finances", "IT Services"); never a sentence.
 */
function looksLikeSignatureLine(line: string): boolean {
  if (line.length > 80 || /[?:]/.test(line)) return false;
  if (/\d{2}|@|https?:|www\./.test(line)) return true;
  const written = line.split(/\s+/).filter(Boolean);
  const long = written.filter((w) => w.length >= 4);
  return written.length <= 6 && /^\p{Lu}/u.test(written[0] ?? '') && !/[.!]$/.test(line) && long.filter((w) => /^\p{Lu}/u.test(w)).length * 2 >= long.length;
}

/**
 * True when the message only thanks (and greets, signs, confirms it works);
 * false for anything else, and for anything unsure. `names` are the sender's
 * known names (the requester's, the mail's From), read as a signature.
 */
export function onlyThanks(message: string, names: readonly string[] = []): boolean {
  if (message.length > 2000 || message.includes('?') || sadEmoji.test(message)) return false;
  let lines = message.replace(/\r\n?/g, '\n').split('\n');
  // A signature after "-- " is never the message; a mail program's footer neither.
  const dashes = lines.findIndex((l) => /^--\s*$/.test(l));
  if (dashes >= 0) lines = lines.slice(0, dashes);
  lines = lines.map((l) => l.replace(emoji, ' ').trim()).filter((l) => l && !mobileFooter.test(l));
  if (lines.length === 0) return false;

  // The sign-off block: from the last line that is a name or a sign-off, whatever follows must read as contact details.
  for (let i = lines.length - 1; i >= 1; i--) {
    const line = lines[i]!;
    const rest = lines.slice(i + 1);
    const signs = tables.signOffLines.has(wordsOf(line).join(' ')) || looksLikeName(line, names);
    if (signs && rest.every((l) => looksLikeSignatureLine(l) && !troubled(wordsOf(l)))) {
      if (troubled(wordsOf(line))) break;
      lines = lines.slice(0, tables.signOffLines.has(wordsOf(line).join(' ')) ? i + 1 : i);
      break;
    }
  }

  const text = lines.join('\n');
  const words = wordsOf(text);
  if (words.length === 0 || words.length > 40 || troubled(words)) return false;
  const { left, thanked } = consume(words);
  if (!thanked) return false;
  // A name right after the thanks on the same line, after a comma ("Thanks, Bob"): capitalised as written, or a known name.
  const trailing = /[,\n]\s*(\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+)?)\s*[.!]*\s*$/u.exec(text)?.[1];
  const trailingName = new Set(trailing ? wordsOf(trailing) : []);
  for (const name of names) for (const w of wordsOf(name)) if (words.at(-1) === w) trailingName.add(w);
  return left.every((w) => tables.fillers.has(w) || trailingName.has(w));
}
