/**
 * How a release is made, installed and started: the release test
 * (test/e2e/release.test.ts) runs exactly these, and the container recipe
 * (Dockerfile) must run the same (test/server/container-recipe.test.ts).
 */
export const releaseCommands = {
  /** Then the folder the tarball goes to. `prepack` builds everything it packs. */
  pack: ['npm', 'pack', '--pack-destination'],
  /** Then the tarball, into an empty folder: no dev dependency, no TypeScript loader. */
  install: ['npm', 'install', '--omit=dev', '--no-audit', '--no-fund'],
  /** From the install folder (node_modules/.bin on the PATH). */
  serve: ['guichet', 'serve'],
  /** What a health check asks. */
  health: '/healthz',
} as const;
