// Prints what each page downloads from a build, from the build's own module
// graph (its Vite manifest): the entry, then for a page holding one tag, the
// tag's chunk and every chunk it imports statically (the chunks it imports
// only when needed, such as the attachment UI, are listed apart). Every
// department page that embeds a form pays these bytes, every agent's browser
// the workspace's. Over a budget it warns; with GUICHET_BUDGETS=enforce (as
// `npm test` and CI run it) it fails. `GUICHET_BUILD` picks the build, as for
// vite.config.ts (default: the embed); the benchmark floor has no budget.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { builds, manifestFile, type Build } from './vite.config.ts';

/** One file of a build's manifest, as Vite writes it. */
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface PageWeight {
  /** The tag, or "entry" for the entry alone. */
  page: string;
  /** The files it downloads, entry first. */
  files: string[];
  gzip: number;
  minified: number;
  budgetGzipKB?: number;
  /** What its chunks import only when needed (attachments, anonymous requesters). */
  onDemand: string[];
}

const kb = (bytes: number) => (bytes / 1024).toFixed(2);

/** The weight of every page of `build`, read from its dist folder and manifest. */
export function pageWeights(build: Build): PageWeight[] {
  const dir = fileURLToPath(new URL(`../${build.outDir}/`, import.meta.url));
  const manifest = JSON.parse(readFileSync(`${dir}${manifestFile}`, 'utf8')) as Manifest;
  const sizes = new Map<string, { gzip: number; minified: number }>();
  const size = (file: string) => {
    if (!sizes.has(file)) {
      const bytes = readFileSync(`${dir}${file}`);
      sizes.set(file, { gzip: gzipSync(bytes, { level: 9 }).length, minified: bytes.length });
    }
    return sizes.get(file)!;
  };
  // A chunk and what it imports statically: what the browser fetches before the chunk runs.
  const closure = (key: string, into = new Set<string>()) => {
    if (into.has(key)) return into;
    into.add(key);
    for (const imported of manifest[key]!.imports ?? []) closure(imported, into);
    return into;
  };
  const entryKey = Object.keys(manifest).find((key) => manifest[key]!.isEntry);
  if (!entryKey) throw new Error(`report-size: ${build.outDir}/${manifestFile} names no entry`);
  const weigh = (page: string, keys: Set<string>, budgetGzipKB: number | undefined): PageWeight => {
    const files = [...keys].map((key) => manifest[key]!.file);
    const onDemand = [...new Set([...keys].flatMap((key) => manifest[key]!.dynamicImports ?? []))]
      .filter((key) => !keys.has(key) && !(manifest[entryKey]!.dynamicImports ?? []).includes(key) && !(build.languages ?? []).includes(key))
      .map((key) => manifest[key]!.file);
    return {
      page,
      files,
      gzip: files.reduce((sum, file) => sum + size(file).gzip, 0),
      minified: files.reduce((sum, file) => sum + size(file).minified, 0),
      budgetGzipKB,
      onDemand,
    };
  };
  const entry = closure(entryKey);
  const weights = [weigh('entry', entry, build.entryBudgetGzipKB)];
  const pages = build.pages ?? [];
  // The entry imports each tag's module (its key: the source file), and along with any of them shared chunks (key: `_file`).
  const fromEntry = manifest[entryKey]!.dynamicImports ?? [];
  const alongside = fromEntry.filter((key) => key.startsWith('_'));
  const tags = fromEntry.filter((key) => !key.startsWith('_'));
  // The entry's tags and the budgets list the same modules: a tag without a budget is a page nobody weighs.
  const unlisted = tags.filter((key) => !pages.some((p) => p.module === key));
  const missing = pages.filter((p) => !tags.includes(p.module)).map((p) => p.module);
  if (unlisted.length || missing.length) {
    throw new Error(`report-size: components/vite.config.ts's pages and ${build.entry}'s tags differ (no budget: ${unlisted.join(', ') || '-'}; not imported: ${missing.join(', ') || '-'})`);
  }
  // A page reads one language: the heaviest one's words are counted.
  const words = (build.languages ?? []).map((key) => {
    if (!manifest[key]) throw new Error(`report-size: ${key} is not a chunk of ${build.outDir}`);
    return key;
  });
  const heaviestWords = words.sort((x, y) => size(manifest[y]!.file).gzip - size(manifest[x]!.file).gzip)[0];
  for (const page of pages) {
    const keys = closure(page.module, new Set(entry));
    for (const key of alongside) closure(key, keys);
    if (heaviestWords) keys.add(heaviestWords);
    weights.push(weigh(page.tag, keys, page.budgetGzipKB));
  }
  return weights;
}

/** Prints the weights of `name`'s build; false when one is over its budget. */
export function reportSize(name: keyof typeof builds): boolean {
  const build = builds[name];
  let weights: PageWeight[];
  try {
    weights = pageWeights(build);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(`report-size: ${build.outDir} is not built; run \`GUICHET_BUILD=${name} vite build --config components/vite.config.ts\` first.`);
  }
  let within = true;
  console.log(`${build.outDir} (gzip level 9; 1 KB = 1024 bytes):`);
  for (const w of weights) {
    const over = w.budgetGzipKB !== undefined && w.gzip > w.budgetGzipKB * 1024;
    within &&= !over;
    const budget = w.budgetGzipKB === undefined ? '' : ` (budget ${w.budgetGzipKB} KB gzip${over ? `: OVER by ${kb(w.gzip - w.budgetGzipKB * 1024)} KB` : ''})`;
    const what = w.page === 'entry' ? 'the entry alone' : `a page with <${w.page}>`;
    console.log(`  ${what}: ${kb(w.gzip)} KB gzip, ${kb(w.minified)} KB minified${budget} = ${w.files.join(' + ')}`);
    if (w.onDemand.length) console.log(`    and when needed: ${w.onDemand.join(', ')}`);
  }
  return within;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const name = (process.env.GUICHET_BUILD ?? 'embed') as keyof typeof builds;
  if (!reportSize(name)) {
    if (process.env.GUICHET_BUDGETS === 'enforce') {
      console.error(`report-size: over budget (above). Look for a new dependency, or code that a page does not need in a chunk it loads (GUICHET_BUILD=${name} npx vite build --config components/vite.config.ts, then read ${builds[name].outDir}/${manifestFile}).`);
      process.exit(1);
    }
    console.warn('report-size: over budget (above); `npm test` fails on it.');
  }
}
