import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { releaseCommands } from '../support/release.ts';

const root = join(import.meta.dirname, '../..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const compose = readFileSync(join(root, 'compose.yaml'), 'utf8');

/** The Dockerfile's instructions, continuation lines joined, comments left out. */
function instructions(text: string): { keyword: string; rest: string }[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword!.toUpperCase(), rest: rest.join(' ') };
    });
}

const steps = instructions(dockerfile);
const runs = steps.filter((s) => s.keyword === 'RUN').map((s) => s.rest);

// No image can be built on this machine: this checks the recipe runs what the release test runs.
describe('the container recipe', () => {
  test('builds the tarball and installs it with the release test’s commands', () => {
    assert.ok(runs.some((r) => r.startsWith(`${releaseCommands.pack.join(' ')} `)), `a RUN ${releaseCommands.pack.join(' ')} …: ${runs.join(' | ')}`);
    assert.ok(runs.some((r) => r.startsWith(`${releaseCommands.install.join(' ')} `) && /\.tgz$/.test(r)), `a RUN ${releaseCommands.install.join(' ')} <tarball>: ${runs.join(' | ')}`);
  });

  test('starts guichet serve as a non-root user, with a data volume and a health check', () => {
    const cmd = steps.filter((s) => s.keyword === 'CMD').at(-1);
    assert.deepEqual(JSON.parse(cmd!.rest), releaseCommands.serve);
    const user = steps.filter((s) => s.keyword === 'USER').at(-1)?.rest;
    assert.ok(user && user !== 'root' && user !== '0', `runs as ${user}`);
    assert.ok(steps.some((s) => s.keyword === 'VOLUME'));
    const health = steps.find((s) => s.keyword === 'HEALTHCHECK');
    assert.ok(health?.rest.includes(releaseCommands.health), health?.rest);
    assert.ok(steps.filter((s) => s.keyword === 'FROM').length >= 2, 'multi-stage: no build tool in the final image');
    assert.match(dockerfile, /GUICHET_MODE=production/);
  });

  test('compose runs it on PostgreSQL', () => {
    assert.match(compose, /image: postgres:/);
    assert.match(compose, /GUICHET_DATABASE_URL: postgres:\/\//);
    assert.match(compose, /build: \./);
  });
});
