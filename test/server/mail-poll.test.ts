import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { pino } from 'pino';
import { createMailDelivery } from '../../server/mail/delivery.ts';
import { createDevOutbox } from '../../server/mail/transport.ts';
import type { Store } from '../../server/store/store.ts';
import { createTestRuntime } from '../support/runtime.ts';

// The server's runtime passes its mail options through as they are: `undefined` when the process sets none (server/main.ts).
test('an idle server asks the outbox for due mail every 5 s when its runtime leaves the interval unset, not continuously', async (t) => {
  const runtime = await createTestRuntime();
  t.after(() => runtime.close());
  let asked = 0;
  let firstAsk!: () => void;
  const askedOnce = new Promise<void>((resolve) => (firstAsk = resolve));
  // The real store, counting the outbox's polls.
  const store: Store = {
    ...runtime.store,
    claimDueMails: (...args) => {
      asked++;
      firstAsk();
      return runtime.store.claimDueMails(...args);
    },
  };
  t.mock.timers.enable({ apis: ['setInterval'] });
  const delivery = createMailDelivery({
    store,
    transport: createDevOutbox(runtime.dataDir, () => runtime.clock.now()),
    clock: runtime.clock,
    from: 'Guichet <guichet@uni.example>',
    logger: pino({ level: 'silent' }),
    pollMilliseconds: undefined,
    automaticPerDay: undefined,
  });
  t.after(() => delivery.stop());
  delivery.start();
  await askedOnce;
  await delivery.deliverDue();
  const atStart = asked;
  t.mock.timers.tick(4_999);
  assert.equal(asked, atStart, 'no poll within the first 5 s');
  t.mock.timers.tick(1);
  assert.equal(asked, atStart + 1, 'one poll at 5 s');
});

test('a stream of submissions while mail is being delivered leaves nothing behind per submission', async (t) => {
  const runtime = await createTestRuntime();
  t.after(() => runtime.close());
  const at = runtime.clock.now().toISOString();
  await runtime.db
    .insertInto('outbox')
    .values({ ticket_id: null, kind: 'reply', message_id: `<stream-${crypto.randomUUID()}@guichet.test>`, to_address: 'person@example.edu', reply_to: null, subject: 'A mail', text: 'A mail.', html: '<p>A mail.</p>', headers: '{}', status: 'pending', attempts: 0, next_attempt_at: at, created_at: at })
    .execute();
  const delivery = createMailDelivery({
    store: runtime.store,
    transport: createDevOutbox(runtime.dataDir, () => runtime.clock.now()),
    clock: runtime.clock,
    from: 'Guichet <guichet@uni.example>',
    logger: pino({ level: 'silent' }),
  });
  t.after(() => delivery.stop());
  v8.setFlagsFromString('--expose-gc');
  const collectGarbage = vm.runInNewContext('gc') as () => void;

  // Each committed submission wakes the delivery; under a steady stream the delivery is always running.
  delivery.wake();
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  for (let submission = 0; submission < 100_000; submission++) delivery.wake();
  collectGarbage();
  const kept = process.memoryUsage().heapUsed - before;

  assert.ok(kept < 2 * 1024 * 1024, `100,000 wake-ups during one delivery run kept ${(kept / 1024 / 1024).toFixed(1)} MiB`);
  await delivery.deliverDue();
  const sent = await runtime.db.selectFrom('outbox').select('status').execute();
  assert.deepEqual(sent.map((mail) => mail.status), ['sent'], 'the run went round again and delivered the mail');
});
