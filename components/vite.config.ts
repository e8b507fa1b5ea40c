import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Run from the repo root: `vite build --config components/vite.config.ts`.
const root = fileURLToPath(new URL('..', import.meta.url));

/** A page that holds one tag: what it downloads (the entry, the tag's chunk and what that imports) must stay within `budgetGzipKB`. */
export interface PageBudget {
  tag: `guichet-${string}`;
  /** The module the entry imports for the tag (its key in the Vite manifest). */
  module: string;
  budgetGzipKB: number;
}

export interface Build {
  entry: string;
  outDir: string;
  fileName: string;
  /** What every page downloads first: the entry alone. */
  entryBudgetGzipKB?: number;
  pages?: PageBudget[];
  /** The words of each language, a chunk each (internal/localize.ts): a page loads one, the heaviest is counted in its budget. */
  languages?: string[];
}

/**
 * What to build: the embed; with `GUICHET_BUILD=agent` the agents' workspace,
 * a module of its own so that requesters never download it; with
 * `GUICHET_BUILD=lit-floor` the benchmark floor (lit alone, same settings;
 * components/bench-lit-floor.ts). The budgets are checked by
 * components/report-size.ts from the build's manifest.
 */
export const builds: Record<'embed' | 'agent' | 'lit-floor', Build> = {
  embed: {
    entry: 'components/embed-entry.ts',
    outDir: 'dist/embed',
    fileName: 'guichet.js',
    entryBudgetGzipKB: 5,
    pages: [
      { tag: 'guichet-request-form', module: 'components/request-form/request-form.ts', budgetGzipKB: 30 },
      { tag: 'guichet-ticket-status', module: 'components/ticket-status/ticket-status.ts', budgetGzipKB: 20 },
      { tag: 'guichet-my-requests', module: 'components/my-requests/my-requests.ts', budgetGzipKB: 20 },
      { tag: 'guichet-reopen', module: 'components/reopen/reopen.ts', budgetGzipKB: 20 },
    ],
    languages: ['components/locales/fr.ts', 'components/locales/en.ts', 'components/locales/de.ts'],
  },
  agent: {
    entry: 'components/agent-entry.ts',
    outDir: 'dist/agent',
    fileName: 'guichet-agent.js',
    entryBudgetGzipKB: 5,
    pages: [
      { tag: 'guichet-agent-inbox', module: 'components/agent-inbox/agent-inbox.ts', budgetGzipKB: 40 },
      { tag: 'guichet-queue-report', module: 'components/queue-report/queue-report.ts', budgetGzipKB: 40 },
    ],
    languages: ['components/locales/fr.ts', 'components/locales/en.ts', 'components/locales/de.ts'],
  },
  'lit-floor': { entry: 'components/bench-lit-floor.ts', outDir: 'dist/bench', fileName: 'lit-floor.js' },
};
const target = builds[(process.env.GUICHET_BUILD ?? 'embed') as keyof typeof builds];
if (!target) throw new Error(`GUICHET_BUILD must be one of ${Object.keys(builds).join(', ')}`);

/** Where the build writes its manifest (the module graph report-size.ts reads), inside `outDir`; not a module, so never served as one. */
export const manifestFile = '.vite/manifest.json';

/**
 * The entry, its components' chunks beside it, and one chunk of what they
 * share (lit, the API client, localization, the base styles); each language's
 * words and the form compiler with zod are chunks of their own. A library
 * build: no preload helper in the entry (about 0.9 KB gzip, and `<link>`s it
 * would add to the host page's head). Chunk names carry their content's hash,
 * so the versioned URL's year-long cache is safe.
 */
export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: target.outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    manifest: manifestFile,
    lib: {
      entry: target.entry,
      formats: ['es'],
      fileName: () => target.fileName,
    },
    rolldownOptions: {
      output: {
        chunkFileNames: 'guichet-[name]-[hash].js',
        // The benchmark floor stays one file, as it was measured.
        codeSplitting: target.pages && {
          groups: [
            {
              name: 'core',
              // What every component uses. The form compiler and zod stay with the request form, each
              // language's words in a chunk of their own (internal/localize.ts), and what two components
              // share (the ticket's controller) in a chunk rolldown makes for them. The request form's field
              // keys too: its anonymous chunk imports them, and taking them from the form's chunk would cost a
              // namespace object and rolldown's runtime in a file of its own.
              test: /node_modules[\\/](lit|lit-html|lit-element|@lit|ky)[\\/]|components[\\/]internal[\\/](api|base\.styles|define|form-sender|format|guichet-element|localize|templates|url|version)\.ts$|forms[\\/]lang\.ts$|request-form[\\/]requester-keys\.ts$/,
            },
          ],
        },
        // Vite keeps library ES output unminified by default (for consumers' bundlers); these files go straight into pages.
        minify: { compress: true, mangle: true, codegen: true },
        // Tree-shaking is done: the /* @__PURE__ */ marks and licence comments would only cost bytes.
        comments: false,
      },
    },
  },
});
