import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { formDefinitionSchema, parseFormDefinition } from '../../forms/definition.ts';
import { definitionJsonSchemaFile, definitionJsonSchemaText } from '../../forms/json-schema.ts';

const definitionsDir = new URL('../../forms/definitions/', import.meta.url);
const shipped = readdirSync(definitionsDir).filter((name) => name.endsWith('.json') && name !== 'queues.json').map((name) => name.slice(0, -'.json'.length)).map((id) => ({ id, raw: JSON.parse(readFileSync(new URL(`../../forms/definitions/${id}.json`, import.meta.url), 'utf8')) as Record<string, unknown> }));

test('the committed JSON Schema is the one the zod schema generates (npm run forms:schema regenerates it)', () => {
  assert.equal(readFileSync(definitionJsonSchemaFile, 'utf8'), definitionJsonSchemaText(), 'forms/definition.schema.json is stale: run `npm run forms:schema` and commit it');
});

test('the JSON Schema offers every property the server reads, with its rules, so an editor completes and checks them', () => {
  const schema = JSON.parse(readFileSync(definitionJsonSchemaFile, 'utf8')) as {
    properties: Record<string, { pattern?: string; items?: { properties: Record<string, { enum?: string[] }>; required: string[] } }>;
    required: string[];
  };
  const properties = Object.keys(formDefinitionSchema.def.shape);
  assert.deepEqual(Object.keys(schema.properties).sort(), ['$schema', ...properties].sort());
  assert.deepEqual(schema.required.sort(), ['description', 'eligibility', 'fields', 'id', 'queue', 'title', 'version']);
  assert.deepEqual(schema.properties.fields!.items!.properties.type!.enum, ['text', 'textarea', 'email', 'number', 'date', 'select', 'radio', 'checkbox', 'file']);
  assert.equal(schema.properties.id!.pattern, '^[a-z][a-zA-Z0-9-]*$');
});

test('the shipped definitions point editors at the schema, and the server ignores that key', () => {
  for (const { id, raw } of shipped) {
    assert.equal(raw.$schema, '../definition.schema.json', `${id}.json names the schema`);
    const form = parseFormDefinition(raw, `${id}.json`);
    assert.equal(form.id, id);
    assert.equal('$schema' in form, false, 'the key does not reach the served definition');
  }
});
