import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';

/**
 * The ALTCHA widget is not bundled into the embed (it would double its size):
 * the request form loads it from here, only on forms open to anonymous
 * requesters. The `external` build, because it neither injects a <style>
 * element nor starts workers from blob: URLs by itself — both break under a
 * host page's strict CSP — so the component adopts the stylesheet into its
 * shadow root and registers the worker itself.
 */
const files: Record<string, { paths: string[]; type: string }> = {
  /**
   * The widget with its French and German words (English is built in); it
   * speaks the page's language. One module, each file in a block of its own:
   * they are scripts without exports, and each declares the same helpers.
   */
  '/embed/altcha.js': { paths: ['i18n/fr-fr.js', 'i18n/de.js', 'external/altcha.min.js'], type: 'text/javascript; charset=utf-8' },
  '/embed/altcha.css': { paths: ['external/altcha.css'], type: 'text/css; charset=utf-8' },
  '/embed/altcha-worker.js': { paths: ['workers/pbkdf2.js'], type: 'text/javascript; charset=utf-8' },
};

export function altchaWidgetRoutes() {
  // `altcha/external` resolves to dist/external/; the workers and the words sit beside it in dist/workers/ and dist/i18n/.
  const dist = dirname(dirname(createRequire(import.meta.url).resolve('altcha/external')));
  const cache = new Map<string, string>();
  const app = new Hono();
  for (const [route, { paths, type }] of Object.entries(files)) {
    app.get(route, (c) => {
      let body = cache.get(route);
      if (body === undefined) {
        const texts = paths.map((path) => readFileSync(join(dist, path), 'utf8'));
        cache.set(route, (body = texts.length === 1 ? texts[0]! : texts.map((text) => `{\n${text}\n}\n`).join('')));
      }
      return c.body(body, 200, { 'Content-Type': type });
    });
  }
  return app;
}
