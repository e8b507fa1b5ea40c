import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { onlyThanks } from '../../server/services/thanks.ts';

describe('a message that only says thanks does not reopen; anything else does', () => {
  for (const thanks of ['Merci beaucoup !', 'Thanks, works now', 'Danke!', 'Merci, ça marche 👍', 'Thank you so much for the quick help.', 'Vielen Dank, funktioniert jetzt. Beste Grüße', 'Parfait, merci !', 'thx']) {
    test(`“${thanks}” only thanks`, () => assert.equal(onlyThanks(thanks), true));
  }
  for (const more of [
    'Merci, mais ça ne marche toujours pas',
    'Thanks, but the licence key is refused',
    'Danke, aber es funktioniert nicht',
    'Thanks! Could you also install SPSS?',
    'Merci. Le même problème est revenu ce matin.',
    'Works now',
    'It still crashes when I open a file',
    '',
    'Thanks '.repeat(40),
  ]) {
    test(`“${more.slice(0, 40)}” reopens`, () => assert.equal(onlyThanks(more), false));
  }
});
