import assert from 'node:assert/strict';
import { test } from 'node:test';
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
