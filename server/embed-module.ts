import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fromPackage } from './package-root.ts';

/** The built requester module as this process serves it under its versioned URL. */
export interface EmbedModule {
  /** `/embed/v0.1.0/guichet.js`: one version, one content, cached for a year. */
  path: string;
  /** The Subresource Integrity of exactly `bytes` (`sha384-…`), for the snippet's `integrity`. */
  integrity: string;
  bytes: Buffer;
  /**
   * The chunks it imports on demand (`guichet-attachments-<hash>.js`…), read
   * with it: served beside it under the same versioned path.
   */
  chunks: Map<string, Buffer>;
}

/** The package version: the versioned embed URL changes with each release. */
export const packageVersion: string = (JSON.parse(readFileSync(fromPackage('package.json'), 'utf8')) as { version: string }).version;

/**
 * Reads dist/embed/guichet.js once and keeps those bytes: the integrity the kit
 * hands out is always that of the bytes the versioned URL serves, even if the
 * file is rebuilt under a running process. Undefined until it is built.
 */
export function readEmbedModule(file: string, version = packageVersion): EmbedModule | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const dir = dirname(file);
  const chunks = new Map(
    readdirSync(dir)
      .filter((name) => name !== basename(file) && /^guichet-[\w-]+\.js$/.test(name))
      .map((name) => [name, readFileSync(join(dir, name))] as const),
  );
  return { path: `/embed/v${version}/guichet.js`, integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}`, bytes, chunks };
}
