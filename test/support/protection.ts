import { pbkdf2Sync } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Challenge, solveChallenge } from 'altcha-lib';
import type { Context } from 'hono';
import { send } from './http.ts';
import type { TestRuntime } from './runtime.ts';

const shipped = join(import.meta.dirname, '../../forms/definitions');

/**
 * A forms folder for GUICHET_FORMS_DIR: the shipped definitions (each passed
 * through `change`, e.g. to set its origins) plus `extra` definitions by file name.
 */
export function testFormsDir(extra: Record<string, unknown> = {}, change: (definition: Record<string, unknown>) => Record<string, unknown> = (d) => d): string {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-forms-'));
  for (const file of readdirSync(shipped).filter((f) => f.endsWith('.json'))) {
    if (file === 'queues.json') copyFileSync(join(shipped, file), join(dir, file));
    else writeFileSync(join(dir, file), JSON.stringify(change(JSON.parse(readFileSync(join(shipped, file), 'utf8')))));
  }
  for (const [file, definition] of Object.entries(extra)) writeFileSync(join(dir, file), JSON.stringify(definition));
  return dir;
}

/** A form open to anonymous requesters (visitors asking the helpdesk), for the anonymous and ALTCHA suites. */
export const visitorQuestion = {
  id: 'visitor-question',
  version: 1,
  title: { fr: 'Question d’un visiteur', en: 'Visitor question', de: 'Frage einer besuchenden Person' },
  description: { fr: 'Posez votre question au service informatique.', en: 'Ask the IT service your question.', de: 'Stellen Sie dem IT-Dienst Ihre Frage.' },
  queue: 'helpdesk',
  eligibility: { affiliations: [] },
  anonymous: true,
  origins: ['https://visitors.example.org'],
  fields: [
    { id: 'subject', type: 'text', required: true, min: 5, max: 120, label: { fr: 'Sujet', en: 'Subject', de: 'Betreff' } },
    { id: 'message', type: 'textarea', required: true, min: 10, max: 5000, label: { fr: 'Message', en: 'Message', de: 'Nachricht' } },
  ],
};

/** The TCP peer of an in-process request, as a test names it: `x-test-peer`. */
export const peerFromHeader = (c: Context) => c.req.header('x-test-peer');

/** PBKDF2 done synchronously: the same keys as altcha-lib's, without a thread-pool round trip per attempt. */
async function deriveKey(parameters: { cost: number; keyLength: number }, salt: Uint8Array, password: Uint8Array) {
  return { derivedKey: new Uint8Array(pbkdf2Sync(password, salt, parameters.cost, parameters.keyLength, 'sha256')) };
}

/** Solves a challenge as the widget does, and returns the payload the widget would put in its `altcha` input. */
export async function solve(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('the ALTCHA challenge was not solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/** Fetches a challenge for `formId` from the server and solves it. */
export async function solveFor(runtime: TestRuntime, formId: string): Promise<string> {
  const answer = await send(runtime, 'GET', `/api/forms/${formId}/challenge`);
  if (answer.status !== 200) throw new Error(`challenge: ${answer.status} ${JSON.stringify(answer.body)}`);
  return solve(answer.body as Challenge);
}
