import { toJSONSchema } from 'zod/mini';
import { formDefinitionSchema } from './definition.ts';

/** Where the committed JSON Schema lives, beside this file. */
export const definitionJsonSchemaFile = new URL('./definition.schema.json', import.meta.url);

/**
 * The JSON Schema of a form definition file, generated from the zod schema the
 * server validates with, so editors get completion and the same structural
 * rules as start-up (the cross-field rules — showIf, queues — stay with
 * `guichet forms check`). The input side: fields with a default are optional.
 * Deterministic: the same schema gives the same text.
 */
export function definitionJsonSchema(): Record<string, unknown> {
  const { $schema, properties, ...rest } = toJSONSchema(formDefinitionSchema, { io: 'input' }) as Record<string, unknown> & { properties: Record<string, unknown> };
  return {
    $schema,
    title: 'Guichet form definition',
    description: 'A form of Guichet: forms/definitions/<id>.json beside queues.json. Check with `npx guichet forms check <files>`.',
    ...rest,
    // The server ignores (strips) `$schema`; files carry it so editors find this schema.
    properties: { $schema: { type: 'string', description: 'The path or URL of this JSON Schema' }, ...properties },
  };
}

export function definitionJsonSchemaText(): string {
  return `${JSON.stringify(definitionJsonSchema(), null, 2)}\n`;
}
