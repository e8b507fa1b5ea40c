import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

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
          .trim();
        return `css\`${min}\``;
      });
    },
  };
}

/** The requester-facing embed: ONE ES module, dist/embed/guichet.js (DESIGN.md, "Non-negotiables"). */
export default defineConfig({
  root,
  publicDir: false,
  logLevel: 'warn',
  plugins: [minifyLitCss()],
  build: {
    outDir: 'dist/embed',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    lib: {
      entry: 'components/index.ts',
      formats: ['es'],
      fileName: () => 'guichet.js',
    },
    rolldownOptions: {
      output: {
        // One file to paste in a script tag: no chunks, even for dynamic imports.
        codeSplitting: false,
        // Vite keeps library ES output unminified by default (for consumers' bundlers);
        // this file goes straight into pages.
        minify: true,
      },
    },
  },
});
