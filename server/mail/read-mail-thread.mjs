// The parsing thread's entry: a worker does not inherit the main thread's TypeScript loader, so it registers tsx itself.
import { register } from 'tsx/esm/api';

register();
await import('./read-mail-worker.ts');
