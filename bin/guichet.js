#!/usr/bin/env node
// `npx guichet …`: the commands of server/cli.ts. tsx compiles our TypeScript
// at run time, as it does for `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli.ts');
