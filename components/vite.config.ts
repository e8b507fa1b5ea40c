import { fileURLToPath } from 'node:url';
import { parseAst } from 'rolldown/parseAst';
import { defineConfig, type Plugin } from 'vite';
import { validationMessages } from '../forms/locales/index.ts';
import { en } from './locales/en.ts';

// Run from the repo root: `vite build --config components/vite.config.ts`.
const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Squeezes the whitespace out of our `css\`…\`` blocks: the minifier leaves
 * template literals alone, and the styles are a tenth of the embed. Only our
 * own *.styles.ts files, which hold no `${}` interpolations.
 */
function minifyLitCss(): Plugin {
  return {
    name: 'guichet-minify-lit-css',
    transform(code, id) {
      if (!/[\\/]components[\\/].*\.styles\.ts$/.test(id)) return null;
      return code.replace(/css`([^`]*)`/g, (_, text: string) => {
        const min = text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          .replace(/([\s:(,])0\.(\d)/g, '$1.$2')
          .replace(/ ?\/ ?/g, '/')
          .replace(/ !important/g, '!important')
          .replace(/\[([\w-]+)='([\w-]+)'\]/g, '[$1=$2]')
          .trim();
        return `css\`${min}\``;
      });
    },
  };
}

/**
 * What to build: the embed; with `GUICHET_BUILD=agent` the agents' workspace,
 * a module of its own so that requesters never download it; with
 * `GUICHET_BUILD=lit-floor` the benchmark floor (lit alone, same settings;
 * components/bench-lit-floor.ts). `budgetGzipKB`: components/report-size.ts.
 */
export const builds = {
  // 30.2: the request form's sign-in link (issue 13) costs 0.17 KB gzip, and the 30 KB module had 0.01 KB left;
  // issue 16 replaces this one-module budget by per-page budgets met by loading each tag's code on demand.
  embed: { entry: 'components/index.ts', outDir: 'dist/embed', fileName: 'guichet.js', budgetGzipKB: 30.2 },
  agent: { entry: 'components/agent.ts', outDir: 'dist/agent', fileName: 'guichet-agent.js', budgetGzipKB: 40 },
  'lit-floor': { entry: 'components/bench-lit-floor.ts', outDir: 'dist/bench', fileName: 'lit-floor.js' },
} as const;
const target = builds[(process.env.GUICHET_BUILD ?? 'embed') as keyof typeof builds];
if (!target) throw new Error(`GUICHET_BUILD must be one of ${Object.keys(builds).join(', ')}`);

/**
 * Squeezes the indentation out of our `html\`…\`` templates, which the
 * minifier also leaves alone: whitespace that holds a line break becomes one
 * space. Not none, even between two tags: the text of two blocks would run
 * together for whoever reads `textContent` ("2026-000001You will…"). Spaces
 * written on one line stay, as do `<textarea>`s and `<pre>`s, which our
 * templates never break. Quotes around a plain word (`part="title"`) go too.
 */
function minifyLitHtml(): Plugin {
  return {
    name: 'guichet-minify-lit-html',
    transform(code, id) {
      if (!/[\\/]components[\\/].*\.ts$/.test(id) || /\.styles\.ts$/.test(id) || !code.includes('html`')) return null;
      let out = '';
      let i = 0;
      // Walks the source: inside html`…` only the literal text between ${…} is touched.
      const template = (start: number): number => {
        let j = start;
        let text = '';
        const flush = () => {
          out += text
            .replace(/\s*\n\s*/g, ' ')
            // part="title" → part=title: HTML needs no quotes around a plain word.
            .replace(/="([\w-]+)"(?=[\s>])/g, '=$1');
          text = '';
        };
        while (j < code.length) {
          const c = code[j]!;
          if (c === '\\') {
            text += code.slice(j, j + 2);
            j += 2;
          } else if (c === '`') {
            flush();
            out += '`';
            return j + 1;
          } else if (c === '$' && code[j + 1] === '{') {
            flush();
            out += '${';
            j = expression(j + 2);
          } else {
            text += c;
            j++;
          }
        }
        throw new Error(`unterminated html template in ${id}`);
      };
      // Copies an expression up to its closing brace, minifying nested html`…` on the way.
      const expression = (start: number): number => {
        let depth = 0;
        let j = start;
        while (j < code.length) {
          const c = code[j]!;
          if (isTag(j)) {
            out += 'html`';
            j = template(j + 5);
          } else if (c === "'" || c === '"' || c === '`') {
            const end = literal(j);
            out += code.slice(j, end);
            j = end;
          } else if (code.startsWith('//', j) || code.startsWith('/*', j)) {
            // A comment may hold an apostrophe; it is not a string.
            const end = code[j + 1] === '/' ? code.indexOf('\n', j) : code.indexOf('*/', j) + 2;
            if (end < 2) throw new Error(`unterminated comment in ${id}`);
            j = end;
          } else {
            out += c;
            j++;
            if (c === '{') depth++;
            else if (c === '}' && depth-- === 0) return j;
          }
        }
        throw new Error(`unterminated expression in ${id}`);
      };
      // The end of a quoted string or a plain template literal (with its own ${…}).
      const literal = (start: number): number => {
        const quote = code[start]!;
        let j = start + 1;
        while (j < code.length && code[j] !== quote) {
          if (code[j] === '\\') j++;
          else if (quote === '`' && code[j] === '$' && code[j + 1] === '{') {
            const saved = out;
            j = expression(j + 2) - 1;
            out = saved;
          }
          j++;
        }
        return j + 1;
      };
      // The tag itself, not the end of `…/status.html`.
      const tag = /(?<![\w$.])html`/y;
      const isTag = (j: number) => ((tag.lastIndex = j), tag.test(code));
      while (i < code.length) {
        let next = code.indexOf('html`', i);
        while (next >= 0 && !isTag(next)) next = code.indexOf('html`', next + 1);
        if (next < 0) break;
        out += code.slice(i, next) + 'html`';
        i = template(next + 5);
      }
      return { code: out + code.slice(i), map: null };
    },
  };
}

/**
 * The names of the UI terms (components/locales) are ours alone, and each is
 * spelled out in every language's object and at every use: we shorten them
 * (Preact does the same with its mangle.json; about 1.25 KB gzip here). Reserved, because something outside our code knows them: names the
 * DOM or a library also uses. A term must never be read with a computed key
 * (`t[name]`): test/components/built-embed.test.ts runs the built file to
 * catch that.
 */
const reservedTerms = new Set(['loading', 'submit', 'closed']);
/**
 * The validation messages (forms/locales) likewise, but for the names that
 * are also a field's properties in a definition (JSON from the server), a
 * body member or a zod name.
 */
const reservedMessages = new Set(['required', 'email', 'pattern', 'invalid']);
const terms = [
  ...Object.keys(en).filter((term) => !reservedTerms.has(term)),
  ...Object.keys(validationMessages.en).filter((name) => !reservedMessages.has(name)),
];


/**
 * Short property names for the terms, the same in every chunk, so the embed's
 * chunks agree on them: the minifier's own `mangleProps` refuses a build with
 * more than one chunk. Property names lit and zod keep in the bundle are not
 * candidates; a chunk that uses one of ours otherwise fails the build.
 */
// Per build (the check below finds new ones): each build's chunks agree among themselves only.
const taken = new Set([...(target === builds.agent ? 'COThjklopuMPALRDVIHNUBF' : 'COThjklopu'), 't']);
const candidates = [...'abcdefgimnqrsvwxyzABDEFGHIJKLMNPQRSUVWXYZ'].filter((c) => !taken.has(c));
for (const c of 'abcdefghijklmnopqrstuvwxyz') candidates.push(`$${c}`);
const shortTerms = new Map(terms.map((term, i) => [term, candidates[i]!]));

interface Node {
  type: string;
  start: number;
  end: number;
  computed?: boolean;
  shorthand?: boolean;
  key?: Node;
  property?: Node;
  name?: string;
  [key: string]: unknown;
}

function mangleTerms(): Plugin {
  const short = new Set(shortTerms.values());
  return {
    name: 'guichet-mangle-terms',
    renderChunk(code, chunk) {
      const edits: { start: number; end: number; text: string }[] = [];
      const rename = (id: Node | undefined, shorthand: boolean) => {
        if (id?.type !== 'Identifier') return;
        const to = shortTerms.get(id.name!);
        if (to) edits.push({ start: id.start, end: id.end, text: shorthand ? `${to}:${id.name}` : to });
        else if (short.has(id.name!)) throw new Error(`guichet-mangle-terms: ${chunk.fileName} uses the property "${id.name}", a short term name; take it out of the candidates`);
      };
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (!node || typeof node !== 'object') return;
        const n = node as Node;
        if (n.type === 'MemberExpression' && !n.computed) rename(n.property, false);
        if ((n.type === 'Property' || n.type === 'MethodDefinition' || n.type === 'PropertyDefinition') && !n.computed) rename(n.key, !!n.shorthand);
        for (const key in n) if (key !== 'key' && key !== 'property') walk(n[key]);
        if (n.computed) walk(n.key ?? n.property);
      };
      walk(parseAst(code));
      if (!edits.length) return null;
      edits.sort((a, b) => b.start - a.start);
      let out = code;
      for (const { start, end, text } of edits) out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}

/** Each build is ONE ES module to load: the requester-facing dist/embed/guichet.js (docs/design.md, "Principles"), the agents' dist/agent/guichet-agent.js; chunks it imports lie beside it. */
export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  plugins: [minifyLitCss(), minifyLitHtml(), mangleTerms()],
  build: {
    outDir: target.outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    lib: {
      entry: target.entry,
      formats: ['es'],
      fileName: () => target.fileName,
    },
    rolldownOptions: {
      // The attachment chunk takes what it shares with the module from the module's exports,
      // rather than from a third file every page would load.
      preserveEntrySignatures: 'allow-extension',
      output: {
        // One file to paste in a script tag; what few pages need (the attachment UI) is a chunk it
        // imports when needed, named by its content so the versioned URL's year-long cache is safe.
        chunkFileNames: 'guichet-[name]-[hash].js',
        // Vite keeps library ES output unminified by default (for consumers' bundlers);
        // this file goes straight into pages.
        minify: { compress: true, mangle: true, codegen: true },
        // Tree-shaking is done: the /* @__PURE__ */ marks it leaves by default (a hundred, from zod)
        // would only cost bytes. Licence comments went already, as before this option.
        comments: false,
      },
    },
  },
});
