// The parsing thread's entry when the server runs from its TypeScript sources (a checkout:
// `npm start`, the tests). A worker does not inherit the main thread's TypeScript loader, so it
// registers tsx itself. A release runs the compiled read-mail-worker.js directly (mail-reader.ts)
// and has no tsx: the name is built here so that a release install never resolves it.
const loader = ['tsx', 'esm', 'api'].join('/');
const { register } = await import(loader);
register();
await import('./read-mail-worker.ts');
