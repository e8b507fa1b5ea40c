// The references in docs/ are generated (`npm run docs`): from the OpenAPI
// document the server publishes, and from the configuration schema. A route,
// a schema or a variable changed without running it fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generatedDocs } from '../../docs/generated.ts';
import { environmentSchema } from '../../server/config.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('docs/api.md and docs/configuration.md are what `npm run docs` writes today', async () => {
  for (const [path, expected] of Object.entries(await generatedDocs())) {
    let actual = '';
    try {
      actual = readFileSync(root + path, 'utf8');
    } catch {
      // missing: reported below like a stale file
    }
    assert.ok(actual === expected, `${path} is stale: run \`npm run docs\` and commit the result`);
  }
});

test('the configuration reference names every variable the server reads, and every route is in the API reference', async () => {
  const docs = await generatedDocs();
  for (const name of Object.keys(environmentSchema.shape)) assert.match(docs['docs/configuration.md']!, new RegExp(`\\| \`${name}\` \\|`), name);
  for (const route of ['GET /api/forms/{formId}/eligibility', 'POST /api/forms/{formId}/submissions', 'GET /api/tickets/{number}/live', 'POST /api/admin/sweep']) {
    assert.ok(docs['docs/api.md']!.includes(`### \`${route}\``), route);
  }
});
