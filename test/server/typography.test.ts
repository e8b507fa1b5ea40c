import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Lang } from '../../forms/lang.ts';
import { type RenderedMail, type TemplateFacts, type TemplateKind, ofName, renderMail, templates, unansweredDigest } from '../../server/mail/templates.ts';
import { frenchFaults, frenchLiteralsOf, frenchSpacingFaults, germanFaults, localizedTextsOf, textsOf } from '../support/typography.ts';

const root = join(import.meta.dirname, '../..');

/** Every file under `dir` (skipping node_modules and build output) whose path matches. */
function filesUnder(dir: string, matches: (path: string) => boolean): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .filter((path) => !/(^|\/)(node_modules|dist)\//.test(path) && matches(path))
    .sort();
}

/** A language's words, one file per language: every `locales/<lang>.ts` and `words/<lang>.ts` of the components, the forms and the server. */
const perLanguageFiles = (lang: Lang) => ['components', 'forms', 'server'].flatMap((dir) => filesUnder(dir, (path) => new RegExp(`(^|/)(locales|words)/${lang}\\.ts$`).test(path)));

/** Modules that hold every language in one object keyed by language, [file, export]: every `*words.ts` of the components and forms, and these. */
const multilingualModules: [string, string][] = [
  ['forms/locales/files.ts', 'fileMessages'],
  ['kit/kit-text.js', 'kitText'],
  ['demo/i18n.js', 'uiText'],
  ['demo/i18n.js', 'pageText'],
];

async function multilingual(): Promise<[string, string][]> {
  const found = [...multilingualModules];
  for (const file of ['components', 'forms'].flatMap((dir) => filesUnder(dir, (path) => /(^|\/|-)words\.ts$/.test(path)))) {
    const module = (await import(pathToFileURL(join(root, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) if (typeof value === 'object' && value !== null && 'fr' in value && 'de' in value) found.push([file, name]);
  }
  return found;
}

async function textsIn(lang: 'fr' | 'de'): Promise<[string, string][]> {
  const found: [string, string][] = [];
  for (const file of perLanguageFiles(lang)) {
    const module = (await import(pathToFileURL(join(root, file)).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) found.push(...textsOf(value, `${file}:${name}`));
  }
  for (const [file, name] of await multilingual()) {
    const module = (await import(pathToFileURL(join(root, file)).href)) as Record<string, Record<string, unknown>>;
    found.push(...textsOf(module[name]![lang], `${file}:${name}.${lang}`));
  }
  for (const file of filesUnder('forms/definitions', (path) => path.endsWith('.json'))) {
    found.push(...localizedTextsOf(JSON.parse(readFileSync(join(root, file), 'utf8')), file)[lang]);
  }
  return found;
}

const ticket = {
  number: '2026-000001',
  formTitle: 'Accès au réseau',
  requesterName: 'Alice Martin',
  queueName: 'Informatique',
  statusLink: 'https://guichet.example.edu/pages/status#ticket=2026-000001',
  summary: [['Logiciel', 'MATLAB']] as [string, string][],
};
/** Facts for every mail, so each template in each language is rendered as a requester or an agent reads it. */
const sampleFacts: { [K in TemplateKind]: TemplateFacts[K] } = {
  confirmation: ticket,
  agent_reply: { ...ticket, agentName: 'Eva Rossi', body: 'Bonjour' },
  approved: { ...ticket, download: 'https://example.edu/d', installHelp: 'https://example.edu/h', closesAt: '3 décembre' },
  rejected: { ...ticket, reason: 'Licence' },
  waiting: { ...ticket, stateLabel: 'En attente', until: '3 décembre' },
  closed: { ...ticket, agentName: 'Eva Rossi' },
  closure: { ...ticket, reopenLink: 'https://example.edu/r', reopenUntil: '3 décembre', scheduled: false },
  queue_reopened: { ...ticket, body: 'Encore' },
  queue_new_ticket: { ...ticket, requesterEmail: 'alice.martin@example.edu', attachments: [['photo.jpg', '1 Mo']] },
  queue_requester_message: { ...ticket, body: 'Encore' },
};

function renderedMails(lang: Lang): [string, string][] {
  const kinds = Object.keys(templates) as TemplateKind[];
  const mails: (readonly [string, RenderedMail])[] = kinds.map((kind) => [kind, renderMail(kind, lang, sampleFacts[kind] as never)] as const);
  mails.push(['unanswered digest', unansweredDigest(lang, 'Informatique', [{ number: '2026-000001', formTitle: 'Accès', requesterName: 'Alice', createdAt: '1.12.', closedAt: '7.12.' }])]);
  // The values quoted (a title, a name) are the editor's; the words around them are the template's.
  return mails.flatMap(([kind, mail]) => [[`mail ${kind} subject`, mail.subject] as [string, string], [`mail ${kind} text`, mail.text.replace(/^ {2}\| .*$/gm, '')]]);
}

const faultsOf = (texts: [string, string][], check: (text: string) => string[]) => texts.flatMap(([where, text]) => check(text).map((fault) => `${where}: ${fault}`));

describe('typography and spelling of every French and German string', () => {
  test('the walk finds the words of every per-language file (a new locale file is checked without being listed)', async () => {
    assert.ok(perLanguageFiles('fr').includes('server/words/fr.ts'));
    assert.ok(perLanguageFiles('fr').includes('components/locales/fr.ts'));
    assert.ok(perLanguageFiles('de').includes('components/agent-inbox/locales/de.ts'));
    assert.ok(perLanguageFiles('de').includes('forms/locales/de.ts'));
    const french = await textsIn('fr');
    assert.ok(french.some(([, text]) => text === 'Chargement…'), 'a component string');
    assert.ok(french.some(([, text]) => text.startsWith('Cette action n’est pas possible')), 'a server error');
    assert.ok(french.some(([where]) => where.startsWith('forms/definitions/it-help.json')), 'a form definition');
    assert.ok(french.some(([where]) => where.startsWith('components/request-form/anonymous-words.ts')), 'a chunk’s own words');
    assert.ok(french.some(([where]) => where.startsWith('components/queue-report/words.ts')), 'the report’s words');
  });

  test('French puts a narrow no-break space before : ; ? ! and inside « », writes ’ and elides before a vowel', async () => {
    assert.deepEqual(faultsOf([...(await textsIn('fr')), ...renderedMails('fr')], frenchFaults), []);
  });

  test('every French literal as written, each branch of a sentence included, has the narrow no-break spaces and the ’', async () => {
    const literals = [
      ...perLanguageFiles('fr').flatMap((file) => frenchLiteralsOf(file, readFileSync(join(root, file), 'utf8'), true)),
      ...[...new Set((await multilingual()).map(([file]) => file))].flatMap((file) => frenchLiteralsOf(file, readFileSync(join(root, file), 'utf8'), false)),
    ];
    assert.ok(literals.length > 300, `${literals.length} French literals found`);
    assert.deepEqual(faultsOf(literals, frenchSpacingFaults), []);
  });

  test('German follows one variant, the Swiss (the demo university is Swiss): ss, never ß; « », never „ “', async () => {
    assert.deepEqual(faultsOf([...(await textsIn('de')), ...renderedMails('de')], germanFaults), []);
  });

  test('the server says nothing to a person outside its words files (server/words), so every word is in them', () => {
    const inline = filesUnder('server', (path) => path.endsWith('.ts') && !path.startsWith('server/words/'))
      .filter((file) => /\b(fr|de): *['"`][^'"`]*\s[^'"`]*['"`]/.test(readFileSync(join(root, file), 'utf8')));
    assert.deepEqual(inline, []);
  });

  test('the checks find what they look for', () => {
    assert.notDeepEqual(frenchFaults('Logiciel : MATLAB'), []);
    assert.notDeepEqual(frenchFaults('Logiciel: MATLAB'), []);
    assert.notDeepEqual(frenchFaults('« MATLAB »'), []);
    assert.notDeepEqual(frenchFaults("l'université"), []);
    assert.notDeepEqual(frenchFaults('Nouvelle demande de Alice'), []);
    assert.deepEqual(frenchFaults('Logiciel\u202f: MATLAB à 18:00, https://example.edu «\u202fOui\u202f»\u202f? d’Alice, de Bruno'), []);
    assert.notDeepEqual(germanFaults('Grüße'), []);
    assert.notDeepEqual(germanFaults('die Gruppe „Admins“'), []);
    assert.deepEqual(germanFaults('Grüsse, die Gruppe «Admins»'), []);
  });

  test('French elides "de" before a name that starts with a vowel or a mute h', () => {
    assert.equal(ofName('Alice Martin'), 'd’Alice Martin');
    assert.equal(ofName('Élodie Roux'), 'd’Élodie Roux');
    assert.equal(ofName('Hélène Favre'), 'd’Hélène Favre');
    assert.equal(ofName('Bruno Keller'), 'de Bruno Keller');
  });

  test('a French mail says "Nouvelle demande d’Alice" and puts a narrow no-break space before its colons', () => {
    const mail = renderMail('queue_new_ticket', 'fr', sampleFacts.queue_new_ticket);
    assert.match(mail.text, /Nouvelle demande d’Alice Martin </);
    assert.match(mail.text, /Logiciel\u202f: MATLAB/);
    assert.doesNotMatch(mail.text, /Logiciel: /);
    assert.equal(mail.subject, '[2026-000001] Nouvelle demande\u202f: Accès au réseau — Alice Martin');
    const english = renderMail('queue_new_ticket', 'en', { ...sampleFacts.queue_new_ticket, formTitle: 'Software order', summary: [['Software', 'MATLAB']] });
    assert.match(english.text, /Software: MATLAB/);
  });
});
