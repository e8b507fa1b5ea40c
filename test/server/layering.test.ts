// The layering rules (.dependency-cruiser.cjs, run by `npm test` on the real
// tree) catch what they name: a small tree holding each backwards import the
// code once had, and the imports the layering allows, is cruised with the
// repository's own rules; exactly the backwards ones are reported.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Each file of the tree and what it imports. */
const tree: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'layering-fixture', type: 'module', dependencies: { zod: '*' }, devDependencies: { 'fast-check': '*', vite: '*' } }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', allowImportingTsExtensions: true, noEmit: true, verbatimModuleSyntax: true } }),
  // The layers as they should be.
  'server/app.ts': `import { ticketsRoute } from './routes/tickets.ts';\nimport { inbound } from './services/inbound.ts';\nexport const app = [ticketsRoute, inbound];\n`,
  'server/config.ts': `export const config = {};\n`,
  'server/routes/tickets.ts': `import { lifecycle } from '../services/lifecycle.ts';\nimport { config } from '../config.ts';\nexport const ticketsRoute = [lifecycle, config];\n`,
  'server/routes/inbound.ts': `import { inbound } from '../services/inbound.ts';\nexport const inboundRoute = inbound;\n`,
  'server/middleware/origins/origins.ts': `import { lifecycle } from '../../services/lifecycle.ts';\nexport const origins = lifecycle;\n`,
  'server/services/lifecycle.ts': `import { store } from '../store/store.ts';\nimport { compose } from '../mail/compose.ts';\nimport { person } from '../identity/person.ts';\nexport const lifecycle = [store, compose, person];\n`,
  'server/services/inbound.ts': `export type Inbound = (raw: Uint8Array) => Promise<void>;\nexport const inbound = 1;\n`,
  'server/services/ticket-feed.ts': `export interface TicketChange { number: string }\n`,
  'server/services/link-tokens.ts': `export const signTicketLink = () => '';\n`,
  'server/services/summary.ts': `export const summarise = () => [];\n`,
  'server/mail/compose.ts': `import type { StoreRow } from '../store/store.ts';\nimport { z } from 'zod';\nexport const compose = (row: StoreRow) => z.string().parse(String(row));\n`,
  'server/mail/scrub.ts': `export const withoutTokens = (body: string) => body;\n`,
  'server/identity/person.ts': `import { store } from '../store/store.ts';\nexport const person = store;\n`,
  'server/store/store.ts': `import type { Arbitrary } from 'fast-check';\nexport type StoreRow = Arbitrary<number> | number;\nexport const store = 1;\n`,
  'forms/compile.ts': `import { z } from 'zod';\nexport const compile = z.string();\n`,
  'components/form.ts': `import { compile } from '../forms/compile.ts';\nimport type { StoreRow } from '../server/store/store.ts';\nexport const form = (row: StoreRow) => compile.parse(row);\n`,
  'server/wire/ticket-states.ts': `export const ticketStates = ['new', 'closed'] as const;\n`,
  'server/wire/tickets.ts': `import { z } from 'zod';\nimport { ticketStates } from './ticket-states.ts';\nexport const ticket = z.object({ state: z.enum(ticketStates) });\nexport type Ticket = z.infer<typeof ticket>;\n`,
  'server/services/tickets.ts': `import type { Ticket } from '../wire/tickets.ts';\nexport const show = (ticket: Ticket) => ticket;\n`,
  'components/status.ts': `import type { Ticket } from '../server/wire/tickets.ts';\nexport const status = (ticket: Ticket) => ticket.state;\n`,
  'components/vite.config.ts': `import { defineConfig } from 'vite';\nexport default defineConfig({});\n`,

  // The backwards imports the code once had.
  'server/mail/listener.ts': `import type { Inbound } from '../services/inbound.ts';\nimport { inboundRoute } from '../routes/inbound.ts';\nexport const listen = (inbound: Inbound) => [inbound, inboundRoute];\n`,
  'server/store/postgres/ticket-changes.ts': `import type { TicketChange } from '../../services/ticket-feed.ts';\nexport const relay = (change: TicketChange) => change;\n`,
  'server/mail/compose-with-services.ts': `import { signTicketLink } from '../services/link-tokens.ts';\nimport { summarise } from '../services/summary.ts';\nexport const both = [signTicketLink, summarise];\n`,
  'server/store/migrations/0011-tokens-at-rest.ts': `import { withoutTokens } from '../../mail/scrub.ts';\nexport const up = withoutTokens;\n`,
  'server/wire/agent.ts': `import { lifecycle } from '../services/lifecycle.ts';\nexport const agentTicket = lifecycle;\n`,
  // And the others the rules forbid.
  'server/services/answer.ts': `import { ticketsRoute } from '../routes/tickets.ts';\nexport const answer = ticketsRoute;\n`,
  'server/routes/raw-store.ts': `import { store } from '../store/store.ts';\nexport const raw = store;\n`,
  'server/middleware/observe/observe.ts': `import { ticketsRoute } from '../../routes/tickets.ts';\nexport const observe = ticketsRoute;\n`,
  'server/services/wired.ts': `import { app } from '../app.ts';\nexport const wired = app;\n`,
  'server/services/ping.ts': `import { pong } from './pong.ts';\nexport const ping = () => pong;\n`,
  'server/services/pong.ts': `import { ping } from './ping.ts';\nexport const pong = () => ping;\n`,
  'server/services/generated.ts': `import fc from 'fast-check';\nexport const generated = fc.integer();\n`,
  'server/routes/embed.ts': `import { form } from '../../components/form.ts';\nexport const embed = form;\n`,
  'forms/server-check.ts': `import { config } from '../server/config.ts';\nexport const check = config;\n`,
  'components/server-code.ts': `import { config } from '../server/config.ts';\nexport const leaked = config;\n`,
  'components/test-data.ts': `import fc from 'fast-check';\nexport const data = fc.string();\n`,
  'server/services/typo.ts': `import { nothing } from 'no-such-package';\nexport const typo = nothing;\n`,
};

const expected = [
  'store-is-the-floor: server/store/postgres/ticket-changes.ts → server/services/ticket-feed.ts',
  'store-is-the-floor: server/store/migrations/0011-tokens-at-rest.ts → server/mail/scrub.ts',
  'mail-and-identity-below-services: server/mail/listener.ts → server/services/inbound.ts',
  'mail-and-identity-below-services: server/mail/listener.ts → server/routes/inbound.ts',
  'mail-and-identity-below-services: server/mail/compose-with-services.ts → server/services/link-tokens.ts',
  'mail-and-identity-below-services: server/mail/compose-with-services.ts → server/services/summary.ts',
  'services-below-http: server/services/answer.ts → server/routes/tickets.ts',
  'http-through-services: server/routes/raw-store.ts → server/store/store.ts',
  'middleware-below-routes: server/middleware/observe/observe.ts → server/routes/tickets.ts',
  'wire-is-a-leaf: server/wire/agent.ts → server/services/lifecycle.ts',
  'layers-below-composition: server/services/wired.ts → server/app.ts',
  'no-circular-in-server: server/services/ping.ts → server/services/pong.ts',
  'production-without-dev-dependencies: server/services/generated.ts → fast-check',
  'production-without-dev-dependencies: components/test-data.ts → fast-check',
  'server-without-components: server/routes/embed.ts → components/form.ts',
  'forms-stand-alone: forms/server-check.ts → server/config.ts',
  'components-stand-alone: components/server-code.ts → server/config.ts',
  'known-packages-only: server/services/typo.ts → no-such-package',
];

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'guichet-layering-'));
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  // The packages resolve as in the repository; which kind each is comes from the tree's own package.json.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the layering rules report each backwards import, cycle and dev package in production code, and nothing the layering allows', () => {
  const cruise = spawnSync(
    process.execPath,
    [join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json', 'server', 'forms', 'components'],
    { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(cruise.status, 0, cruise.stderr);
  const { summary } = JSON.parse(cruise.stdout) as { summary: { error: number; violations: { from: string; to: string; rule: { name: string; severity: string } }[] } };
  const reported = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^.*node_modules\/([^/]+)\/.*$/, '$1')}`);
  assert.deepEqual(reported.sort(), [...expected].sort());
  // Each is an error, which fails `npm test`.
  assert.equal(summary.error, expected.length);
});
