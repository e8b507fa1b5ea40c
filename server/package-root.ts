import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding Guichet's package.json: the checkout when run from
 * sources (server/…), the installed package when run compiled (dist/node/server/…).
 * Every shipped file (forms, kit, built modules, demo people) is found from here,
 * so sources and compiled code find the same files.
 */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'guichet') return dir;
    if (dirname(dir) === dir) throw new Error(`Guichet's package.json was not found above ${from}`);
  }
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the package, e.g. `fromPackage('dist/embed')`. */
export function fromPackage(...parts: string[]): string {
  return resolve(packageRoot, ...parts);
}
