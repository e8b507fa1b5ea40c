import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { refusal } from '../support/config.ts';
import { loadConfig } from '../../server/config.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'guichet-config-'));
const secret = 'x'.repeat(32);


describe('configuration read once at start-up', () => {
  test('the documented defaults (docs/configuration.md) apply when nothing is set (besides the production secret)', () => {
    const config = loadConfig({ GUICHET_SECRET: secret, GUICHET_DATA_DIR: dataDir(), GUICHET_DIRECTORY: 'file:people.json', GUICHET_SMTP_URL: 'smtp://mail.example.edu' });
    assert.equal(config.port, 8787);
    assert.equal(config.mode, 'production');
    assert.equal(config.publicUrl, 'http://localhost:8787');
    assert.deepEqual(config.identity, ['header']);
    assert.equal(config.defaultLang, 'fr');
    assert.equal(config.timeZone, 'Europe/Zurich');
    assert.deepEqual(config.rateLimitPerson, { count: 10, windowSeconds: 60 });
    assert.equal(config.automaticMailsPerDay, 50, 'loop protection is on unless the operator changes it');
    assert.ok(Object.isFrozen(config));
  });

  test('a value that does not parse stops start-up naming the variable', () => {
    assert.match(refusal({ PORT: 'eighty', GUICHET_SECRET: secret }), /PORT/);
    assert.match(refusal({ GUICHET_DEFAULT_LANG: 'it', GUICHET_SECRET: secret }), /GUICHET_DEFAULT_LANG/);
    assert.match(refusal({ GUICHET_TIMEZONE: 'Mars/Olympus', GUICHET_SECRET: secret }), /GUICHET_TIMEZONE: not a known IANA time zone/);
    assert.match(refusal({ GUICHET_RATE_LIMIT_PERSON: 'lots', GUICHET_SECRET: secret }), /GUICHET_RATE_LIMIT_PERSON: expected COUNT\/WINDOW/);
    assert.match(refusal({ GUICHET_SMTP_URL: 'http://mail', GUICHET_SECRET: secret }), /GUICHET_SMTP_URL/);
    assert.match(refusal({ GUICHET_AUTOMATIC_MAILS_PER_DAY: '0', GUICHET_SECRET: secret }), /GUICHET_AUTOMATIC_MAILS_PER_DAY/);
  });

  test('production refuses the dev identity and a missing secret', () => {
    assert.match(refusal({ GUICHET_IDENTITY: 'dev', GUICHET_SECRET: secret }), /"dev" is refused outside GUICHET_MODE=dev/);
    assert.match(refusal({}), /GUICHET_SECRET: required in production/);
  });

  test('production refuses to start without a directory or a mail server, naming the variable', () => {
    const production = { GUICHET_SECRET: secret, GUICHET_DATA_DIR: dataDir() };
    assert.match(refusal({ ...production, GUICHET_SMTP_URL: 'smtp://mail.example.edu' }), /GUICHET_DIRECTORY: required in production/);
    assert.match(refusal({ ...production, GUICHET_DIRECTORY: 'file:people.json' }), /GUICHET_SMTP_URL: required in production/);
    const both = refusal(production);
    assert.match(both, /GUICHET_DIRECTORY/);
    assert.match(both, /GUICHET_SMTP_URL/);
    // Mail files on purpose: GUICHET_MAIL names the folder, and the operator sees it in the config.
    const files = loadConfig({ ...production, GUICHET_DIRECTORY: 'file:people.json', GUICHET_MAIL: 'file:/var/spool/guichet' });
    assert.equal(files.mailDir, '/var/spool/guichet');
    assert.equal(files.smtpUrl, undefined);
    assert.equal(loadConfig({ ...production, GUICHET_DIRECTORY: 'file:people.json', GUICHET_SMTP_URL: 'smtp://mail.example.edu' }).mailDir, undefined);
  });

  test('dev mode generates one secret in the data folder and keeps it across restarts', () => {
    const dir = dataDir();
    const first = loadConfig({ GUICHET_MODE: 'dev', GUICHET_DATA_DIR: dir });
    const second = loadConfig({ GUICHET_MODE: 'dev', GUICHET_DATA_DIR: dir });
    assert.equal(first.secret, second.secret);
    assert.ok(first.secret.length >= 43);
    assert.equal(readFileSync(join(dir, 'dev-secret'), 'utf8').trim(), first.secret);
    assert.deepEqual(first.identity, ['dev']);
  });
});
