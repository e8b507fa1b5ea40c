import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Config } from '../config.ts';
import { type EmbedModule, packageVersion, readEmbedModule } from '../embed-module.ts';

/**
 * The web editor's kit at `/embed`, in every mode: pick a form, theme it, see
 * it on a hostile page, copy a snippet that works under the host page's CSP.
 * Its own page runs under a strict policy too (no inline code); the preview is
 * a blob: document of the kit's origin (kit/kit.js), which inherits it.
 */
const kitPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "frame-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

const assets: Record<string, string> = {
  'kit.js': 'text/javascript; charset=utf-8',
  'kit-advice.js': 'text/javascript; charset=utf-8',
  'kit-text.js': 'text/javascript; charset=utf-8',
  'kit.css': 'text/css; charset=utf-8',
  'host-page.css': 'text/css; charset=utf-8',
};

/** A year: the versioned URL never changes content (a new build is a new version). */
const immutable = 'public, max-age=31536000, immutable';

export interface EditorKitDeps {
  kitDir: string;
  embedFile: string;
  config: Pick<Config, 'publicUrl' | 'mode'>;
}

export function editorKitRoutes({ kitDir, embedFile, config }: EditorKitDeps) {
  const origin = new URL(config.publicUrl).origin;
  let module: EmbedModule | undefined = readEmbedModule(embedFile);
  // Built after start-up (dev): read it then, once.
  const embedModule = () => (module ??= readEmbedModule(embedFile));
  const read = (file: string) => readFileSync(join(kitDir, file), 'utf8');
  const cache = new Map<string, string>();
  // Dev mode rereads the kit's files, so editing them needs no restart.
  const asset = (file: string) => (config.mode === 'dev' ? read(file) : (cache.get(file) ?? cache.set(file, read(file)).get(file)!));

  const app = new Hono();
  const page = () => {
    const current = embedModule();
    const facts = {
      origin,
      mode: config.mode,
      version: packageVersion,
      module: current ? { url: `${origin}${current.path}`, integrity: current.integrity } : null,
    };
    // A JSON data block is not a script to the CSP; `<` escaped so no text can close it.
    const body = asset('index.html').replace('{{facts}}', JSON.stringify(facts).replace(/</g, '\\u003c'));
    return new Response(body, { headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': kitPolicy, 'Cache-Control': 'no-cache' } });
  };
  app.get('/embed', page);
  app.get('/embed/', page);

  app.get('/embed/:version{v[^/]+}/guichet.js', (c) => {
    const current = embedModule();
    if (!current || c.req.path !== current.path) return c.notFound();
    return c.body(new Uint8Array(current.bytes), 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': immutable });
  });

  // The chunks the module imports by relative URL, content-hashed: cached as long.
  app.get('/embed/:version{v[^/]+}/:chunk{guichet-[\\w-]+\\.js}', (c) => {
    const current = embedModule();
    const bytes = current?.chunks.get(c.req.param('chunk'));
    if (!current || !bytes || c.req.path !== current.path.replace('guichet.js', c.req.param('chunk'))) return c.notFound();
    return c.body(new Uint8Array(bytes), 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': immutable });
  });

  app.get('/embed/kit/:file', (c) => {
    const file = c.req.param('file');
    const type = assets[file];
    if (!type) return c.notFound();
    return c.body(asset(file), 200, { 'Content-Type': type });
  });
  return app;
}
