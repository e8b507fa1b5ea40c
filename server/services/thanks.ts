/**
 * Whether a requester's message only says thanks, so that it is recorded
 * without reopening a closed ticket. When in doubt the answer is no: a missed
 * problem costs more than a reopened thank-you (docs/design.md).
 */

// Words that carry the thanks; a message needs at least one of them.
const thanking = new Set(['merci', 'thanks', 'thank', 'thx', 'ty', 'danke', 'dank', 'dankeschön', 'dankeschon', 'vielen', 'grazie', 'cheers']);

// Words that may surround thanks without saying anything is wrong.
const courtesy = new Set([
  // fr
  'beaucoup', 'mille', 'fois', 'bien', 'tout', 'ça', 'ca', 'marche', 'fonctionne', 'maintenant', 'parfait', 'super', 'top', 'génial', 'genial',
  'encore', 'pour', 'votre', 'ton', 'aide', 'rapide', 'c', 'est', 'bon', 'ok', 'okay', 'reçu', 'recu', 'bonne', 'journée', 'journee', 'soirée',
  'soiree', 'cordialement', 'salutations', 'bonjour', 'un', 'grand', 'à', 'a', 'vous', 'de', 'la', 'le', 'les', 'et', 'très', 'tres', 'nickel',
  // en
  'you', 'so', 'much', 'very', 'a', 'lot', 'lots', 'works', 'working', 'now', 'fine', 'great', 'perfect', 'all', 'good', 'it', 'that', 'for',
  'your', 'the', 'help', 'quick', 'fast', 'again', 'many', 'kind', 'regards', 'best', 'hi', 'hello', 'have', 'nice', 'day', 'got', 'solved',
  'fixed', 'sorted', 'awesome', 'brilliant', 'excellent', 'and', 'is', 'was', 'everything', 'done',
  // de
  'schön', 'schon', 'sehr', 'herzlich', 'herzlichen', 'besten', 'für', 'fur', 'die', 'hilfe', 'es', 'funktioniert', 'jetzt', 'alles', 'gut',
  'klappt', 'beste', 'lieben', 'viele', 'perfekt', 'prima', 'toll', 'super', 'gruss', 'gruß', 'grüsse', 'grüße', 'grusse', 'freundliche', 'freundlichen', 'liebe', 'mit',
  'hallo', 'guten', 'tag', 'schnelle', 'nochmals', 'erledigt', 'und', 'ihre', 'deine', 'wieder', 'läuft', 'lauft',
]);

// Words that say something is still wrong, whatever else is in the message.
const trouble = /\b(not|no|doesn'?t|don'?t|didn'?t|isn'?t|still|but|however|error|problem|issue|fail|pas|plus|toujours|mais|erreur|problème|probleme|nicht|kein|keine|noch|aber|fehler|problem)\b|\?/i;

export function onlyThanks(message: string): boolean {
  const text = message.trim().toLowerCase();
  if (text.length === 0 || text.length > 200 || trouble.test(text)) return false;
  const words = text.split(/[^\p{L}']+/u).flatMap((w) => w.split("'")).filter(Boolean);
  if (words.length === 0 || words.length > 15) return false;
  return words.some((w) => thanking.has(w)) && words.every((w) => thanking.has(w) || courtesy.has(w));
}
