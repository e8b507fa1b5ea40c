import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { onlyThanks } from '../../server/services/thanks.ts';

/**
 * Replies as requesters write them, collected by us: `thanks` keeps the ticket
 * closed, `reopens` brings it back. A `why` explains a borderline verdict —
 * when in doubt the rule reopens, because a missed problem costs more than a
 * reopened thank-you.
 */
interface Phrasing {
  text: string;
  verdict: 'thanks' | 'reopens';
  why?: string;
  names?: string[];
}

const fr: Phrasing[] = [
  { text: 'Merci beaucoup !', verdict: 'thanks' },
  { text: 'Merci beaucoup, tout fonctionne !\n\nAlice', verdict: 'thanks', why: 'the sender’s first name on its own line is a signature' },
  { text: 'Merci pour la rapidité !', verdict: 'thanks' },
  { text: 'Merci, ça marche 👍', verdict: 'thanks' },
  { text: 'Parfait, merci !', verdict: 'thanks' },
  { text: 'Un grand merci pour votre aide.', verdict: 'thanks' },
  { text: 'Bonjour,\n\nMerci beaucoup, c’est réglé.\n\nCordialement,\nAlice Martin', verdict: 'thanks' },
  { text: 'Merci mille fois !!', verdict: 'thanks' },
  { text: 'Je vous remercie, tout est en ordre.', verdict: 'thanks' },
  { text: 'Merci, bonne journée', verdict: 'thanks' },
  { text: 'Merci et bon week-end !', verdict: 'thanks' },
  { text: 'Super merci, ça fonctionne à nouveau 🙂', verdict: 'thanks' },
  { text: 'Merci infiniment pour votre réactivité.', verdict: 'thanks' },
  { text: 'Merci, problème résolu.', verdict: 'thanks', why: '“problème” alone would reopen; “problème résolu” is a confirmation' },
  { text: 'Merci encore, bien reçu.', verdict: 'thanks' },
  { text: 'Merci ! Meilleures salutations\nAlice Martin\nService des finances\nUniversité de Genève\nTél. +41 22 379 00 00', verdict: 'thanks', why: 'a signature block without “-- ”: name, unit, phone' },
  { text: 'merci', verdict: 'thanks' },
  { text: 'Merci pour votre aide, bonne soirée.\n--\nChloé Dubois\nBibliothèque', verdict: 'thanks' },
  { text: 'Merci, c’est parfait ! Bien à vous', verdict: 'thanks' },
  { text: 'Merci\n\nEnvoyé de mon iPhone', verdict: 'thanks' },
  { text: 'Merci, Alice', verdict: 'thanks', why: 'a capitalised word after a comma at the end is read as a name' },
  { text: 'Merci, mais ça ne marche toujours pas', verdict: 'reopens' },
  { text: 'Merci. Le même problème est revenu ce matin.', verdict: 'reopens' },
  { text: 'Merci, ça marche pas', verdict: 'reopens', why: 'spoken negation without “ne”: “pas” is left over' },
  { text: 'Merci de me rappeler au 022 379 00 00', verdict: 'reopens', why: '“merci de …” asks for something' },
  { text: 'Merci, mais pourriez-vous aussi installer SPSS ?', verdict: 'reopens' },
  { text: 'Merci, je vais essayer demain.', verdict: 'reopens', why: 'not yet confirmed: may come back, so doubt reopens' },
  { text: 'Merci pour rien.', verdict: 'reopens' },
  { text: 'Merci 😢', verdict: 'reopens', why: 'a sad emoji is not a thank-you' },
  { text: 'Ça marche maintenant', verdict: 'reopens', why: 'no thanks at all: the rule needs thanks to set aside' },
  { text: 'Merci !\n\nAlice\nPS: l’imprimante du 2e étage est en panne', verdict: 'reopens', why: 'a postscript is not a signature line' },
  { text: 'Merci, toujours aussi efficace !', verdict: 'reopens', why: '“toujours” usually says it still fails; doubt reopens' },
  { text: 'Bonjour, le VPN ne se connecte plus. Merci', verdict: 'reopens' },
  { text: 'Merci, ça marche sur le portable mais pas sur le fixe', verdict: 'reopens' },
  { text: 'Merci. Il faudrait aussi un accès pour ma collègue.', verdict: 'reopens' },
];

const en: Phrasing[] = [
  { text: 'Thank you! Have a nice weekend.', verdict: 'thanks' },
  { text: 'Thanks, works now', verdict: 'thanks' },
  { text: 'Thank you so much for the quick help.', verdict: 'thanks' },
  { text: 'thx', verdict: 'thanks' },
  { text: 'Thanks, all sorted!', verdict: 'thanks' },
  { text: 'Many thanks, that did the trick.', verdict: 'thanks' },
  { text: 'Cheers!', verdict: 'thanks' },
  { text: 'Hi,\n\nThanks a lot, it’s working now.\n\nBest regards,\nBob Smith', verdict: 'thanks' },
  { text: 'Thanks, Bob', verdict: 'thanks', why: 'the name after a comma' },
  { text: 'Thank you, problem solved 🎉', verdict: 'thanks' },
  { text: 'Much appreciated, everything works now.', verdict: 'thanks' },
  { text: 'Thanks again for your patience!', verdict: 'thanks' },
  { text: 'Thank you. You can close the ticket.', verdict: 'thanks' },
  { text: 'Great, thanks!', verdict: 'thanks' },
  { text: 'Thanks!\n\nSent from my iPhone', verdict: 'thanks' },
  { text: 'Thank you very much, kind regards\nDr. Jane Doe\nDepartment of Physics\n+41 22 379 11 11', verdict: 'thanks', why: 'a title and a unit in the signature' },
  { text: 'ty :)', verdict: 'thanks' },
  { text: 'Thanks, that fixed it. Have a great day!', verdict: 'thanks' },
  { text: 'Thank you for the swift response, all good now.', verdict: 'thanks' },
  { text: 'Thanks!\n--\nJ. Doe, IT coordinator', verdict: 'thanks' },
  { text: 'Thanks, but the licence key is refused', verdict: 'reopens' },
  { text: 'Thanks! Could you also install SPSS?', verdict: 'reopens' },
  { text: 'Works now', verdict: 'reopens', why: 'no thanks to set aside' },
  { text: 'It still crashes when I open a file', verdict: 'reopens' },
  { text: '', verdict: 'reopens' },
  { text: 'Thanks '.repeat(400), verdict: 'reopens', why: 'far longer than any thank-you' },
  { text: 'Thanks, it was working yesterday', verdict: 'reopens', why: 'past tense: it may not work now' },
  { text: 'Thank you. Crashes', verdict: 'reopens', why: 'a capitalised word after a full stop is not a name' },
  { text: 'Thanks for nothing.', verdict: 'reopens' },
  { text: 'Thanks, I will check tomorrow and let you know.', verdict: 'reopens', why: 'not confirmed yet; doubt reopens' },
  { text: 'Thank you 👎', verdict: 'reopens' },
  { text: 'Thanks!\n\nAlice\nThe printer on floor 2 is broken too', verdict: 'reopens', why: 'a sentence after the name is not a signature' },
  { text: 'Thanks, works now. Please also reset my password.', verdict: 'reopens' },
  { text: 'Thanks, no luck though', verdict: 'reopens' },
  { text: 'Thank you, however the VPN drops every hour', verdict: 'reopens' },
];

const de: Phrasing[] = [
  { text: 'Danke!', verdict: 'thanks' },
  { text: 'Merci vielmals!', verdict: 'thanks', why: 'Swiss German thanks with the French word' },
  { text: 'Vielen Dank, funktioniert jetzt. Beste Grüße', verdict: 'thanks' },
  { text: 'Merci viumau, es louft wieder!', verdict: 'thanks', why: 'Bernese dialect' },
  { text: 'Danke vielmal und es Grüessli\nHans', verdict: 'thanks' },
  { text: 'Herzlichen Dank, alles erledigt.', verdict: 'thanks' },
  { text: 'Besten Dank für die schnelle Hilfe!\n\nFreundliche Grüsse\nHans Müller', verdict: 'thanks' },
  { text: 'Danke schön, es klappt.', verdict: 'thanks' },
  { text: 'Super, danke! Schönes Wochenende', verdict: 'thanks' },
  { text: 'Tausend Dank, tiptop!', verdict: 'thanks', why: 'Swiss “tiptop”' },
  { text: 'Grüezi, merci für d Hilf. En schöne Tag no!', verdict: 'thanks', why: 'Swiss “no” (noch) inside a greeting, not the English “no”' },
  { text: 'Vielen lieben Dank, es funktioniert wieder einwandfrei.', verdict: 'thanks' },
  { text: 'Danke, Problem gelöst.', verdict: 'thanks' },
  { text: 'Danke, passt! LG', verdict: 'thanks' },
  { text: 'Ich danke Ihnen für die rasche Bearbeitung.\n\nMit freundlichen Grüssen\nDr. Anna Keller\nInstitut für Informatik', verdict: 'thanks' },
  { text: 'Dankeschön 😊', verdict: 'thanks' },
  { text: 'Merci, alles klar.\n\nVon meinem iPhone gesendet', verdict: 'thanks' },
  { text: 'Danke, läuft wieder. Gruss\nPeter', verdict: 'thanks' },
  { text: 'Danke für die Hilfe, alles bestens.', verdict: 'thanks' },
  { text: 'Herzlichen Dank und einen schönen Tag!', verdict: 'thanks' },
  { text: 'Danke, aber es funktioniert nicht', verdict: 'reopens' },
  { text: 'Das Problem ist leider wieder da.', verdict: 'reopens' },
  { text: 'Danke, geht immer noch nicht', verdict: 'reopens' },
  { text: 'Danke. Könnten Sie mir auch Zugang zum Laufwerk geben?', verdict: 'reopens' },
  { text: 'Merci, es gaht nöd', verdict: 'reopens', why: 'Swiss negation “nöd”' },
  { text: 'Danke, ich probiere es morgen aus.', verdict: 'reopens', why: 'not confirmed yet' },
  { text: 'Danke, funktioniert leider nur halb.', verdict: 'reopens' },
  { text: 'Funktioniert wieder', verdict: 'reopens', why: 'no thanks to set aside' },
  { text: 'Danke!\n\nHans\nDer Drucker im 3. Stock ist auch kaputt.', verdict: 'reopens' },
  { text: 'Vielen Dank, bitte noch den Zugang für meine Kollegin freischalten.', verdict: 'reopens' },
  { text: 'Danke für nichts.', verdict: 'reopens' },
  { text: 'Danke, trotzdem kommt die Fehlermeldung.', verdict: 'reopens' },
  { text: 'Danke, Drucker', verdict: 'thanks', why: 'borderline: a capitalised noun after a comma reads like a name; harmless alone' },
];

const results = new Map<string, { total: number; agreed: number }>();
after(() => {
  const lines = [...results].map(([lang, r]) => `${lang}: ${r.agreed}/${r.total} as expected`);
  console.log(`thanks phrasings — ${lines.join(' · ')}`);
});

for (const [lang, phrasings] of Object.entries({ fr, en, de })) {
  describe(`${lang}: a message that only says thanks keeps the ticket closed; anything else reopens`, () => {
    for (const p of phrasings) {
      test(`“${p.text.slice(0, 60).replace(/\n/g, ' ⏎ ')}” ${p.verdict}${p.why ? ` (${p.why})` : ''}`, () => {
        const r = results.get(lang) ?? { total: 0, agreed: 0 };
        results.set(lang, r);
        r.total += 1;
        assert.equal(onlyThanks(p.text, p.names) ? 'thanks' : 'reopens', p.verdict);
        r.agreed += 1;
      });
    }
  });
}

test('the collection holds at least 100 phrasings', () => assert.ok(fr.length + en.length + de.length >= 100));

test('the requester’s own name is read as a signature, even when it is not capitalised like a name', () => {
  assert.equal(onlyThanks('Merci, tout fonctionne\nalice', ['Alice Martin']), true);
  assert.equal(onlyThanks('Merci, tout fonctionne\nalice'), false);
});
