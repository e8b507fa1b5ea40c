import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { submit } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

let runtime: TestRuntime;
before(async () => {
  runtime = await createTestRuntime({ automaticMailsPerDay: 3 });
});
after(() => runtime.close());

const request = (i: number) => ({ subject: `Printer ${i} jams`, category: 'printing', description: 'An out-of-office robot answers everything we send.' });

test('automatic mails to one address are capped per day; the rest stay in the outbox, marked suppressed', async () => {
  const numbers: string[] = [];
  for (let i = 0; i < 5; i++) numbers.push((await submit(runtime, 'it-help', request(i), { as: 'chloe' })).body.ticket.number);
  await runtime.delivery.deliverDue();
  assert.equal(runtime.devOutbox!.list().filter((m) => m.to.includes('chloe')).length, 3);
  const statuses = [];
  for (const number of numbers) {
    const row = (await runtime.store.findTicketByNumber(number))!;
    statuses.push(...(await runtime.store.mailsOf(row.id)).filter((m) => m.to_address.includes('chloe')).map((m) => m.status));
  }
  assert.deepEqual(statuses, ['sent', 'sent', 'sent', 'suppressed', 'suppressed']);
  const queueAddress = runtime.catalogue.queues.get('helpdesk')!.address;
  assert.equal(runtime.devOutbox!.list().filter((m) => m.to.includes(queueAddress)).length, 5, 'the queue is told of every ticket: its notifications are not capped');

  runtime.clock.advance(86_400_000 + 1000);
  await submit(runtime, 'it-help', request(6), { as: 'chloe' });
  await runtime.delivery.deliverDue();
  assert.equal(runtime.devOutbox!.list().filter((m) => m.to.includes('chloe')).length, 4, 'a new day, a new allowance');
});
