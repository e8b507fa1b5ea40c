// Prints the embed's size and fails the build when it outgrows its budget:
// every department page that embeds a form pays for these bytes.
// With GUICHET_BUILD=lit-floor it prints the benchmark floor's size instead
// (lit alone, same build settings; components/bench-lit-floor.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { builds } from './vite.config.ts';

const BUDGET_GZIP_KB = 30;
const name = (process.env.GUICHET_BUILD ?? 'embed') as keyof typeof builds;
const build = builds[name];
const file = fileURLToPath(new URL(`../${build.outDir}/${build.fileName}`, import.meta.url));

let code: Buffer;
try {
  code = readFileSync(file);
} catch {
  console.error(`report-size: ${file} does not exist; run \`vite build --config components/vite.config.ts\` first (with the same GUICHET_BUILD).`);
  process.exit(1);
}

const kb = (bytes: number) => (bytes / 1024).toFixed(2);
const gzip = gzipSync(code, { level: 9 }).length;
const shown = `${build.outDir}/${build.fileName}`;
if (name !== 'embed') {
  console.log(`${shown}: ${kb(code.length)} KB minified, ${kb(gzip)} KB gzip (1 KB = 1024 bytes)`);
  process.exit(0);
}
console.log(`${shown}: ${kb(code.length)} KB minified, ${kb(gzip)} KB gzip (budget ${BUDGET_GZIP_KB} KB gzip; 1 KB = 1024 bytes)`);
if (gzip > BUDGET_GZIP_KB * 1024) {
  console.error(
    `report-size: the embed is ${kb(gzip)} KB gzip, over its ${BUDGET_GZIP_KB} KB budget by ${kb(gzip - BUDGET_GZIP_KB * 1024)} KB. ` +
      'Look for a new dependency or a duplicated one (npx vite build --config components/vite.config.ts, then inspect the bundle).',
  );
  process.exit(1);
}
