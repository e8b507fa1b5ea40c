/** `npm run forms:schema`: regenerates forms/definition.schema.json from forms/definition.ts. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { definitionJsonSchemaFile, definitionJsonSchemaText } from './json-schema.ts';

writeFileSync(definitionJsonSchemaFile, definitionJsonSchemaText());
console.log(`wrote ${fileURLToPath(definitionJsonSchemaFile)}`);
