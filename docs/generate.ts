/** `npm run docs`: writes the generated references in docs/ (see docs/generated.ts). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generatedDocs } from './generated.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
for (const [path, text] of Object.entries(await generatedDocs())) {
  writeFileSync(root + path, text);
  console.log(`wrote ${path}`);
}
