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
const files: Record<string, { path: string; type: string }> = {
  '/embed/altcha.js': { path: 'external/altcha.min.js', type: 'text/javascript; charset=utf-8' },
  '/embed/altcha.css': { path: 'external/altcha.css', type: 'text/css; charset=utf-8' },
  '/embed/altcha-worker.js': { path: 'workers/pbkdf2.js', type: 'text/javascript; charset=utf-8' },
};

export function altchaWidgetRoutes() {
  // `altcha/external` resolves to dist/external/; the workers sit beside it in dist/workers/.
  const dist = dirname(dirname(createRequire(import.meta.url).resolve('altcha/external')));
  const cache = new Map<string, string>();
  const app = new Hono();
  for (const [route, { path, type }] of Object.entries(files)) {
    app.get(route, (c) => {
      let body = cache.get(route);
      if (body === undefined) cache.set(route, (body = readFileSync(join(dist, path), 'utf8')));
      return c.body(body, 200, { 'Content-Type': type });
    });
  }
  return app;
}
