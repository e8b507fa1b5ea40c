// Prints the size of a built module and fails the build when it outgrows its
// budget: every department page that embeds a form pays for the embed's bytes,
// every agent's browser for the workspace's. `GUICHET_BUILD` picks the build,
// as for vite.config.ts (default: the embed); the benchmark floor (lit-floor)
// has no budget.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { builds } from './vite.config.ts';

const name = (process.env.GUICHET_BUILD ?? 'embed') as keyof typeof builds;
const build = builds[name];
const file = fileURLToPath(new URL(`../${build.outDir}/${build.fileName}`, import.meta.url));

let code: Buffer;
try {
  code = readFileSync(file);
} catch {
  console.error(`report-size: ${file} does not exist; run \`GUICHET_BUILD=${name} vite build --config components/vite.config.ts\` first.`);
  process.exit(1);
}

const kb = (bytes: number) => (bytes / 1024).toFixed(2);
const gzip = gzipSync(code, { level: 9 }).length;
const shown = `${build.outDir}/${build.fileName}`;
const budget = 'budgetGzipKB' in build ? build.budgetGzipKB : undefined;
console.log(`${shown}: ${kb(code.length)} KB minified, ${kb(gzip)} KB gzip${budget === undefined ? '' : ` (budget ${budget} KB gzip)`} (1 KB = 1024 bytes)`);
// The chunks the module imports only when a page needs them (attachments, anonymous requesters): outside the budget, listed so they are seen.
const dir = fileURLToPath(new URL(`../${build.outDir}/`, import.meta.url));
for (const chunk of readdirSync(dir).filter((f) => f.endsWith('.js') && f !== build.fileName).sort()) {
  const bytes = readFileSync(`${dir}${chunk}`);
  console.log(`  chunk ${build.outDir}/${chunk}: ${kb(bytes.length)} KB minified, ${kb(gzipSync(bytes, { level: 9 }).length)} KB gzip, loaded on demand`);
}
if (budget !== undefined && gzip > budget * 1024) {
  console.error(
    `report-size: ${shown} is ${kb(gzip)} KB gzip, over its ${budget} KB budget by ${kb(gzip - budget * 1024)} KB. ` +
      `Look for a new dependency or a duplicated one (GUICHET_BUILD=${name} npx vite build --config components/vite.config.ts, then inspect the bundle).`,
  );
  process.exit(1);
}
