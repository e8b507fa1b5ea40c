#!/usr/bin/env node
// `guichet …` (`npx guichet …`): the commands of server/cli.ts.
// An installed release runs the compiled JavaScript (dist/node, built by `npm run build`
// and by `npm pack`); a checkout with its dev tools runs the TypeScript sources through
// tsx, so a command never runs code older than the sources beside it.
import { existsSync } from 'node:fs';

const sources = new URL('../server/cli.ts', import.meta.url);
const compiled = new URL('../dist/node/server/cli.js', import.meta.url);

async function typeScriptLoader() {
  if (!existsSync(sources)) return undefined;
  // tsx is a dev dependency: a release never has it, so the name is not a static import.
  const loader = 'tsx/esm/api';
  try {
    return await import(loader);
  } catch {
    return undefined; // a checkout installed without its dev dependencies: the compiled code, if built
  }
}

const tsx = await typeScriptLoader();
if (tsx) {
  tsx.register();
  await import(sources.href);
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  console.error('guichet: the server is not built: run `npm run build` (or install a release made by `npm pack`).');
  process.exitCode = 1;
}
