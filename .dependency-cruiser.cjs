/**
 * The layering the README describes, checked on every `npm test`
 * (`npm run layers`):
 *
 *   routes and middleware (HTTP) → services (rules) → store, mail and identity
 *
 * Nothing below imports from above; the store is the floor (mail and identity
 * may use it, never the reverse). The composition roots (app.ts, runtime.ts,
 * the commands) wire the layers and are imported by none of them. Type-only
 * imports count: a type imported from above is a dependency on above.
 * test/server/layering.test.ts proves that each rule catches what it names.
 */

/** Files that wire every layer together: they may import anything, nothing in a layer imports them. */
const compositionRoots = '^server/(app|main|runtime|serve|http-server|cli|cli-store|cli-privacy|doctor|sweep-runs|catalogue-reload)[.]ts$';

module.exports = {
  forbidden: [
    {
      name: 'store-is-the-floor',
      comment: 'The store (Kysely, SQL) imports no rule, no HTTP, no mail and no identity: every other layer may build on it.',
      severity: 'error',
      from: { path: '^server/store/' },
      to: { path: '^server/(routes|middleware|services|mail|identity)/' },
    },
    {
      name: 'mail-and-identity-below-services',
      comment: 'Mail and identity are used by the services and the routes; they never import them.',
      severity: 'error',
      from: { path: '^server/(mail|identity)/' },
      to: { path: '^server/(routes|middleware|services)/' },
    },
    {
      name: 'services-below-http',
      comment: 'Services hold the rules and know nothing of HTTP: they never import a route or a middleware.',
      severity: 'error',
      from: { path: '^server/services/' },
      to: { path: '^server/(routes|middleware)/' },
    },
    {
      name: 'http-through-services',
      comment: 'Routes and middleware reach the data through the services, which hold the rules: never the store directly.',
      severity: 'error',
      from: { path: '^server/(routes|middleware)/' },
      to: { path: '^server/store/' },
    },
    {
      name: 'wire-is-a-leaf',
      comment: 'server/wire holds the answers\' shapes that routes publish, services return and components import type-only: it imports nothing else of the server.',
      severity: 'error',
      from: { path: '^server/wire/' },
      to: { path: '^server/', pathNot: '^server/wire/' },
    },
    {
      name: 'middleware-below-routes',
      comment: 'A middleware is wired by app.ts in front of the routes; it never imports one.',
      severity: 'error',
      from: { path: '^server/middleware/' },
      to: { path: '^server/routes/' },
    },
    {
      name: 'layers-below-composition',
      comment: 'app.ts, runtime.ts and the commands wire the layers; a layer or a shared module that imported them would import everything.',
      severity: 'error',
      from: { path: '^server/', pathNot: compositionRoots },
      to: { path: compositionRoots },
    },
    {
      name: 'forms-stand-alone',
      comment: 'forms/ runs in the browser and on the server: it imports neither.',
      severity: 'error',
      from: { path: '^forms/' },
      to: { path: '^(server|components)/' },
    },
    {
      name: 'components-stand-alone',
      comment: 'The components are bundled for the browser: server code never enters the embed.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^server/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'server-without-components',
      comment: 'The server serves the built embed as files; it never imports a component.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^components/' },
    },
    {
      name: 'no-circular-in-server',
      comment: 'A cycle makes two modules one: neither can change or load without the other.',
      severity: 'error',
      from: { path: '^server/' },
      to: { circular: true },
    },
    {
      name: 'production-without-dev-dependencies',
      comment: 'A production install (`npm ci --omit=dev`) has only "dependencies"; type-only imports are erased and may name a dev package.',
      severity: 'error',
      from: {
        path: '^(server|forms|bin|components)/',
        // Build tooling, run from a checkout only: the embed's bundler configuration and its size report.
        pathNot: '^components/(vite[.]config|report-size)[.]ts$',
      },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'known-packages-only',
      comment: 'A package that is not in package.json works on one machine only.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown', 'unknown', 'undetermined'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    // Type-only imports are dependencies too (a layer that imports a type from above depends on above).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
