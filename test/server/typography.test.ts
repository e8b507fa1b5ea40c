import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ofName, renderMail } from '../../server/mail/templates.ts';

const root = join(import.meta.dirname, '../..');

/** The files that hold user-facing German: every locale file, the server's words, the mail templates, the demo and the kit. */
const germanSources = [
  'forms/locales/de.ts',
  'forms/locales/files.ts',
  'components/locales/de.ts',
  'components/agent-inbox/locales/de.ts',
  'components/queue-report/words.ts',
  'server/errors.ts',
  'server/mail/templates.ts',
  'server/services/states.ts',
  'server/services/lifecycle.ts',
  'server/services/requester-tickets.ts',
  'server/services/requester-writes.ts',
  'server/identity/eligibility.ts',
  'server/routes/hosted-pages.ts',
  'demo/i18n.js',
  'kit/kit-text.js',
];

describe('typography and spelling', () => {
  test('German follows the Swiss spelling throughout: ss, never ß (the demo university is Swiss)', () => {
    const found = germanSources.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .map((line, i) => [`${file}:${i + 1}`, line] as const)
        .filter(([, line]) => line.includes('ß')),
    );
    assert.deepEqual(found, []);
  });

  test('French elides "de" before a name that starts with a vowel or a mute h', () => {
    assert.equal(ofName('Alice Martin'), 'd’Alice Martin');
    assert.equal(ofName('Élodie Roux'), 'd’Élodie Roux');
    assert.equal(ofName('Hélène Favre'), 'd’Hélène Favre');
    assert.equal(ofName('Bruno Keller'), 'de Bruno Keller');
  });

  test('a French mail says "Nouvelle demande d’Alice" and puts a narrow no-break space before its colons', () => {
    const mail = renderMail('queue_new_ticket', 'fr', {
      number: '2026-000001',
      formTitle: 'Commande de logiciel',
      requesterName: 'Alice Martin',
      requesterEmail: 'alice.martin@example.edu',
      queueName: 'Achats',
      statusLink: 'https://guichet.example.edu/pages/status#ticket=2026-000001',
      summary: [['Logiciel', 'MATLAB']],
      attachments: [],
    });
    assert.match(mail.text, /Nouvelle demande d’Alice Martin </);
    assert.match(mail.text, /Logiciel\u202f: MATLAB/);
    assert.doesNotMatch(mail.text, /Logiciel: /);
    const english = renderMail('queue_new_ticket', 'en', { number: '2026-000001', formTitle: 'Software order', requesterName: 'Alice Martin', requesterEmail: 'a@example.edu', queueName: 'Purchasing', statusLink: 'https://x.example/', summary: [['Software', 'MATLAB']], attachments: [] });
    assert.match(english.text, /Software: MATLAB/);
  });
});
