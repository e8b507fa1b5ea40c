import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { send, submit, validOrder } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { startSmtpPeer } from '../support/smtp-peer.ts';

let peer: Awaited<ReturnType<typeof startSmtpPeer>>;
let runtime: TestRuntime;
before(async () => {
  peer = await startSmtpPeer();
  runtime = await createTestRuntime({ env: { GUICHET_SMTP_URL: peer.url, GUICHET_MAIL_FROM: 'Guichet <guichet@uni.example>' } });
});
after(async () => {
  await runtime.close();
  await peer.stop();
});

const agent = (number: string, action: string, json: unknown) => send(runtime, 'POST', `/api/agent/tickets/${number}/${action}`, { as: 'eva', json });

describe('mail over a real SMTP server', () => {
  test('mails arrive threaded, with a Reply-To naming the ticket', async () => {
    const { number } = (await submit(runtime, 'software-order', validOrder, { as: 'alice' })).body.ticket;
    await agent(number, 'replies', { body: 'We ordered it.' });
    await runtime.delivery.deliverDue();
    const mine = peer.received.filter((m) => m.subject?.includes(number) && m.to && JSON.stringify(m.to).includes('alice'));
    assert.equal(mine.length, 2);
    const [confirmation, reply] = mine as [(typeof mine)[0], (typeof mine)[0]];
    assert.equal(reply.inReplyTo, confirmation.messageId);
    assert.equal(reply.references, confirmation.messageId);
    assert.match(reply.replyTo!.text, new RegExp(`guichet\\+${number}\\.[0-9a-f]{16}@uni\\.example`));
    assert.equal(confirmation.headers.get('auto-submitted'), 'auto-generated');
  });

  test('SMTP down for a while delays mails, never loses or duplicates them', async () => {
    const { number } = (await submit(runtime, 'it-help', { subject: 'Printer offline', category: 'printing', description: 'The printer in B12 is offline.' }, { as: 'alice' })).body.ticket;
    await runtime.delivery.deliverDue();
    const before = peer.received.length;

    await peer.stop();
    // Five changes the requester must hear about, while the mail server is down.
    for (const body of ['One', 'Two', 'Three', 'Four', 'Five']) {
      assert.equal((await send(runtime, 'POST', `/api/agent/tickets/${number}/replies`, { as: 'felix', json: { body } })).status, 201);
    }
    await runtime.delivery.deliverDue();
    assert.equal(peer.received.length, before, 'nothing could be delivered');

    await peer.restart();
    await runtime.delivery.deliverDue();
    assert.equal(peer.received.length, before, 'retries wait for their back-off');
    runtime.clock.advance(60 * 60_000);
    await runtime.delivery.deliverDue();
    await runtime.delivery.deliverDue();

    const replies = peer.received.slice(before).filter((m) => m.subject?.includes(number));
    assert.deepEqual(replies.map((m) => m.text?.match(/\| (\w+)/)?.[1]).sort(), ['Five', 'Four', 'One', 'Three', 'Two']);
    assert.equal(new Set(replies.map((m) => m.messageId)).size, 5, 'none twice');
  });
});
