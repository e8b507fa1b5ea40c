import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { shippedFormsDir } from '../../server/config.ts';
import { approvalLink, getPage, mailsOf, postDecision } from '../support/approvals.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

const day = 86_400_000;
const holder = 'budget.holder@example.edu';

let runtime: TestRuntime;
before(async () => {
  // A Tuesday morning in Zurich (10:00 CET).
  runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z') });
});
after(() => runtime.close());

async function order(lang = 'en', data: Record<string, unknown> = validOrder) {
  const answer = await submit(runtime, 'software-order', data, { as: 'alice', lang });
  assert.equal(answer.status, 201);
  return { number: answer.body.ticket.number as string, token: answer.body.accessToken as string };
}

const agent = (as: string, number: string, action: string, json: unknown = {}) => send(runtime, 'POST', `/api/agent/tickets/${number}/${action}`, { as, json });
const agentView = async (number: string) => (await send(runtime, 'GET', `/api/agent/tickets/${number}`, { as: 'eva' })).body;

/** What a decision could change: the ticket's row, its steps and its events. */
async function footprint(number: string) {
  const ticket = (await runtime.store.findTicketByNumber(number))!;
  return { ticket, steps: await runtime.store.approvalStepsOf(ticket.id), events: await runtime.store.eventsOf(ticket.id, { publicOnly: false }) };
}

describe('the budget holder decides through a link', () => {
  test('the budget holder is mailed in the request’s language, with the summary and a link to decide', async () => {
    const { number, token } = await order('fr');
    const waiting = await send(runtime, 'GET', `/api/tickets/${number}?lang=en`, { token });
    assert.equal(waiting.body.nextStep, 'Your request awaits the decision of the budget holder. You will get an email at each step.');
    const [mail, ...others] = await mailsOf(runtime, number, holder);
    assert.equal(others.length, 0, 'one mail to the budget holder');
    assert.equal(mail!.subject, `[${number}] Approbation demandée\u202f: Commande de logiciel — Alice Martin`);
    assert.match(mail!.text, /vous désigne comme le ou la responsable du budget/);
    assert.match(mail!.text, /INV-004211/, 'the summary');
    assert.match(mail!.text, /\/approval\?lang=fr&token=a1\./);
    assert.equal(mail!.replyTo, 'purchasing@example.edu', 'questions reach the queue');
    const view = await agentView(number);
    assert.deepEqual(
      view.approvalSteps.map((s: { id: string; state: string }) => [s.id, s.state]),
      [
        ['budget-holder', 'current'],
        ['purchasing', 'waiting'],
      ],
    );
    assert.equal(view.awaitingApproverSince, '2026-03-10T09:00:00.000Z');
    assert.equal(view.approval, null, 'nothing for the queue to confirm yet');
    // Once delivered, the outbox keeps the mail without the link's token.
    const stored = (await runtime.store.mailsOf((await runtime.store.findTicketByNumber(number))!.id)).find((m) => m.kind === 'approval_request')!;
    assert.equal(stored.status, 'sent');
    assert.match(stored.text, /\/approval\?lang=fr&token=redacted/);
    assert.doesNotMatch(stored.text + stored.html, /a1\./);
  });

  test('opening the link shows the request and changes nothing, however often', async () => {
    const { number } = await order();
    const link = await approvalLink(runtime, number);
    const before = await footprint(number);
    for (let i = 0; i < 3; i++) {
      const page = await getPage(runtime, link);
      assert.equal(page.status, 200);
      assert.match(page.html, /Alice Martin sent the request “Software order”/);
      assert.match(page.html, /INV-004211/);
      assert.match(page.html, /<button type="submit">Approve the request<\/button>/);
      assert.match(page.html, /<textarea id="reason" name="reason" required/);
      assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.doesNotMatch(page.headers.get('content-security-policy') ?? '', /script-src/);
      assert.equal(page.headers.get('cache-control'), 'no-store');
    }
    assert.deepEqual(await footprint(number), before);
  });

  test('an approval is recorded with who and when; purchasing then confirms and the order completes; a second decision changes nothing', async () => {
    const { number, token } = await order();
    const link = await approvalLink(runtime, number);
    runtime.clock.advance(3_600_000);
    const approved = await postDecision(runtime, link, 'approve');
    assert.equal(approved.status, 200);
    assert.match(approved.html, /You approved this request/);
    const view = await agentView(number);
    const step = view.approvalSteps[0];
    assert.equal(step.state, 'approved');
    assert.equal(step.decidedBy, holder);
    assert.equal(step.decidedAt, '2026-03-10T10:00:00.000Z');
    assert.equal(view.awaitingApproverSince, null);
    assert.deepEqual(view.approval, { confirm: ['inventoryNumber'] }, 'the queue’s step is next');
    const event = view.events.find((e: { type: string }) => e.type === 'step_approved');
    assert.equal(event.authorKind, 'approver');
    assert.equal(event.author, holder);
    assert.equal(event.at, '2026-03-10T10:00:00.000Z');
    const requester = await send(runtime, 'GET', `/api/tickets/${number}`, { token });
    assert.deepEqual(
      requester.body.approvalSteps.map((s: { state: string; decidedBy: string | null }) => [s.state, s.decidedBy]),
      [
        ['approved', holder],
        ['current', null],
      ],
    );

    const before = await footprint(number);
    const again = await postDecision(runtime, link, 'decline', 'Changed my mind');
    assert.equal(again.status, 409);
    assert.match(again.html, /This request was already approved on .*Nothing was changed\./);
    assert.deepEqual(await footprint(number), before);

    const done = await agent('eva', number, 'approve', { confirm: { inventoryNumber: true } });
    assert.equal(done.status, 200);
    assert.equal(done.body.state, 'pending_auto_close');
    assert.equal(done.body.autoCloseAt, '2026-03-10T17:00:00.000Z', '18:00 in Zurich');
    const download = (await mailsOf(runtime, number, 'alice')).find((m) => m.subject.startsWith(`[${number}] Order approved`));
    assert.ok(download, 'the requester gets the download mail');
    assert.match(download.text, /https:\/\/software\.example\.edu\/matlab/);
  });

  test('an expired link says so and changes nothing', async () => {
    const { number } = await order();
    const link = await approvalLink(runtime, number);
    runtime.clock.advance(15 * day);
    try {
      const before = await footprint(number);
      const page = await getPage(runtime, link);
      assert.equal(page.status, 410);
      assert.match(page.html, /This link has expired\. Nothing was changed\./);
      const post = await postDecision(runtime, link, 'approve');
      assert.equal(post.status, 410);
      assert.deepEqual(await footprint(number), before);
    } finally {
      runtime.clock.advance(-15 * day);
    }
  });

  test('a decline needs a reason, closes the request and mails the reason to the requester', async () => {
    const { number, token } = await order('de');
    const link = await approvalLink(runtime, number);
    const empty = await postDecision(runtime, link, 'decline', '  ');
    assert.equal(empty.status, 422);
    assert.match(empty.html, /role="alert">Geben Sie die Begründung der Ablehnung an\./);
    assert.equal((await footprint(number)).ticket.state, 'new', 'nothing decided without a reason');
    const declined = await postDecision(runtime, link, 'decline', 'Dieses Budget ist für 2026 ausgeschöpft.');
    assert.equal(declined.status, 200);
    assert.match(declined.html, /Sie haben diese Anfrage abgelehnt/);
    const { ticket, steps } = await footprint(number);
    assert.equal(ticket.state, 'closed');
    assert.equal(ticket.close_reason, 'rejected');
    assert.deepEqual(
      steps.map((s) => s.state),
      ['declined', 'cancelled'],
    );
    const mail = (await mailsOf(runtime, number, 'alice')).find((m) => m.subject === `[${number}] Anfrage abgelehnt: Softwarebestellung`);
    assert.ok(mail, 'the requester is told');
    assert.match(mail.text, /wurde abgelehnt\. Entschieden hat: die budgetverantwortliche Person \(budget\.holder@example\.edu\)\. Begründung:/);
    assert.match(mail.text, /Budget ist für 2026 ausgeschöpft/);
    const again = await postDecision(runtime, link, 'approve');
    assert.equal(again.status, 409);
    assert.match(again.html, /bereits am .* abgelehnt/);
    // Reopened by the requester, it cannot be approved past the declined step.
    assert.equal((await send(runtime, 'POST', `/api/tickets/${number}/reopen`, { token, json: { message: 'Please reconsider.' } })).status, 200);
    const skipped = await agent('eva', number, 'approve', { confirm: { inventoryNumber: true } });
    assert.equal(skipped.status, 409);
    assert.equal(skipped.body.error.reason, 'steps_not_approved');
  });

  test('a link of a request closed meanwhile says it was withdrawn', async () => {
    const { number } = await order();
    const link = await approvalLink(runtime, number);
    assert.equal((await agent('eva', number, 'state', { state: 'closed' })).status, 200);
    const page = await getPage(runtime, link);
    assert.equal(page.status, 409);
    assert.match(page.html, /This request was withdrawn or closed/);
    assert.equal((await postDecision(runtime, link, 'approve')).status, 409);
    assert.deepEqual(
      (await footprint(number)).steps.map((s) => s.state),
      ['cancelled', 'cancelled'],
    );
  });

  test('a link altered by one character decides nothing', async () => {
    const { number } = await order();
    const link = await approvalLink(runtime, number);
    const altered = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const before = await footprint(number);
    assert.equal((await getPage(runtime, altered)).status, 404);
    assert.equal((await postDecision(runtime, altered, 'approve')).status, 404);
    assert.deepEqual(await footprint(number), before);
  });
});

describe('while the budget holder decides, the queue waits', () => {
  test('the queue sees the request, may take it and write to the requester, but cannot decide the budget holder’s step', async () => {
    const { number } = await order();
    const list = await send(runtime, 'GET', '/api/agent/queues/purchasing/tickets', { as: 'eva' });
    const listed = list.body.tickets.find((t: { number: string }) => t.number === number);
    assert.ok(listed.awaitingApproverSince, 'marked as waiting in the inbox');
    assert.equal((await agent('eva', number, 'lock')).status, 200);
    assert.equal((await agent('eva', number, 'replies', { body: 'Your budget holder has been asked.' })).status, 201);
    for (const [action, body] of [
      ['approve', { confirm: { inventoryNumber: true } }],
      ['reject', { reason: 'No.' }],
      ['state', { state: 'pending_auto_close', until: '2026-03-11T17:00:00Z' }],
    ] as const) {
      const refused = await agent('eva', number, action, body);
      assert.equal(refused.status, 409, action);
      assert.equal(refused.body.error.reason, 'awaiting_approver');
      assert.match(refused.body.error.message, /Cette étape est décidée par le ou la responsable du budget\u202f: la file ne peut pas la décider/);
    }
    assert.equal((await footprint(number)).steps[0]!.state, 'current');
  });

  test('the sweep never closes a request waiting for an approver; it reminds, then tells the queue once', async () => {
    const { number } = await order();
    const reply = await agent('eva', number, 'replies', { body: 'Waiting for your budget holder.' });
    assert.equal(reply.status, 201);
    const sweep = () => runtime.services.sweep();
    const start = runtime.clock.now().getTime();
    try {
      runtime.clock.set(new Date(start + 3 * day));
      assert.ok((await sweep()).approvals?.reminded.includes(number));
      runtime.clock.set(new Date(start + 4 * day));
      assert.ok(!(await sweep()).approvals?.reminded.includes(number), 'not before three more days');
      runtime.clock.set(new Date(start + 6 * day));
      assert.ok((await sweep()).approvals?.reminded.includes(number));
      runtime.clock.set(new Date(start + 9 * day));
      const told = await sweep();
      assert.ok(told.approvals?.stuck.includes(number));
      runtime.clock.set(new Date(start + 30 * day));
      const later = await sweep();
      assert.ok(!later.approvals?.stuck.includes(number) && !later.approvals?.reminded.includes(number), 'told once');
      assert.ok(!later.closed.some((c) => c.number === number), 'never closed while waiting');
      assert.equal((await footprint(number)).ticket.state, 'open');

      const toHolder = await mailsOf(runtime, number, holder);
      assert.deepEqual(
        toHolder.map((m) => m.subject.replace(` — Alice Martin`, '')),
        [`[${number}] Approval requested: Software order`, `[${number}] Reminder — approval requested: Software order`, `[${number}] Reminder — approval requested: Software order`],
      );
      // In the service's language (French here).
      const stuck = (await mailsOf(runtime, number, 'purchasing@example.edu')).filter((m) => m.subject.startsWith(`[${number}] Approbation bloquée\u202f: Commande de logiciel`));
      assert.equal(stuck.length, 1);
      assert.ok(stuck[0]!.text.includes(`attend le ou la responsable du budget (${holder}) depuis le`), stuck[0]!.text);
      assert.match(stuck[0]!.text, /2 rappels sont restés sans réponse/);
      const view = await agentView(number);
      assert.ok(view.approvalSteps[0].stuckSince);
      assert.equal(view.approvalSteps[0].remindersSent, 2);

      // An agent re-routes it: the new address gets a fresh link, the old one no longer decides.
      const oldLink = await approvalLink(runtime, number);
      const rerouted = await agent('eva', number, 'approval/resend', { email: 'deputy@example.edu' });
      assert.equal(rerouted.status, 200);
      assert.equal(rerouted.body.approvalSteps[0].approver, 'deputy@example.edu');
      assert.equal(rerouted.body.approvalSteps[0].stuckSince, null);
      const old = await postDecision(runtime, oldLink, 'approve');
      assert.equal(old.status, 410);
      assert.match(old.html, /replaced by a newer one/);
      const fresh = await approvalLink(runtime, number, 'deputy@example.edu');
      assert.equal((await postDecision(runtime, fresh, 'approve')).status, 200);
      assert.equal((await agentView(number)).approvalSteps[0].decidedBy, 'deputy@example.edu');
      assert.equal((await agent('eva', number, 'approval/resend')).status, 409, 'nothing left to re-send');
    } finally {
      runtime.clock.set(new Date(start));
    }
  });
});

describe('service figures', () => {
  test('the report gives the time spent waiting on each step', async () => {
    const runtime = await createTestRuntime({ now: new Date('2026-05-04T07:00:00Z') });
    try {
      const placed = await submit(runtime, 'software-order', validOrder, { as: 'alice', lang: 'en' });
      const number = placed.body.ticket.number as string;
      const link = await approvalLink(runtime, number);
      runtime.clock.advance(2 * day);
      assert.equal((await postDecision(runtime, link, 'approve')).status, 200);
      runtime.clock.advance(5 * 3_600_000);
      assert.equal((await send(runtime, 'POST', `/api/agent/tickets/${number}/approve`, { as: 'eva', json: { confirm: { inventoryNumber: true } } })).status, 200);
      const report = await send(runtime, 'GET', '/api/agent/reports?queue=purchasing&from=2026-05-01&to=2026-05-31&lang=en', { as: 'eva' });
      assert.equal(report.status, 200, JSON.stringify(report.body));
      assert.deepEqual(report.body.queues[0].approvalWaits, [
        { formId: 'software-order', stepId: 'budget-holder', name: 'the budget holder', wait: { median: 2 * 86_400, p90: 2 * 86_400, count: 1 } },
        { formId: 'software-order', stepId: 'purchasing', name: 'Purchasing', wait: { median: 5 * 3_600, p90: 5 * 3_600, count: 1 } },
      ]);
    } finally {
      await runtime.close();
    }
  });
});

describe('an approver named by the directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-approver-'));
  let runtime: TestRuntime;
  before(async () => {
    // The software order asks the requester's manager (a DN in the directory) instead of a typed address.
    cpSync(shippedFormsDir, join(dir, 'forms'), { recursive: true });
    const file = join(dir, 'forms', 'software-order.json');
    const form = JSON.parse(readFileSync(file, 'utf8'));
    form.workflow.steps[0] = { ...form.workflow.steps[0], id: 'manager', approver: { directory: 'manager' }, name: { fr: 'le ou la supérieur·e', en: 'your manager', de: 'die vorgesetzte Person' } };
    writeFileSync(file, JSON.stringify(form));
    const people = JSON.parse(readFileSync(join(import.meta.dirname, '../../server/identity/people.json'), 'utf8')) as { id: string; attributes?: Record<string, string> }[];
    people.find((p) => p.id === 'alice')!.attributes = { manager: 'uid=bruno,ou=people,dc=example,dc=edu' };
    writeFileSync(join(dir, 'people.json'), JSON.stringify(people));
    runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z'), env: { GUICHET_FORMS_DIR: join(dir, 'forms'), GUICHET_DIRECTORY: `file:${join(dir, 'people.json')}` } });
  });
  after(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the manager’s DN leads to their address; they are asked in their own language', async () => {
    const placed = await submit(runtime, 'software-order', validOrder, { as: 'alice', lang: 'fr' });
    assert.equal(placed.status, 201);
    const number = placed.body.ticket.number as string;
    const [mail] = await mailsOf(runtime, number, 'bruno.keller@example.edu');
    assert.ok(mail, 'Bruno, Alice’s manager, is asked');
    assert.equal(mail.subject, `[${number}] Genehmigung erbeten: Softwarebestellung — Alice Martin`);
    assert.equal((await mailsOf(runtime, number, 'budget.holder@example.edu')).length, 0, 'the typed address is not the approver here');
  });

  test('a requester with no manager in the directory: the queue is told at once, and an agent sends the link to someone', async () => {
    const placed = await submit(runtime, 'software-order', validOrder, { as: 'hugo', lang: 'en' });
    const number = placed.body.ticket.number as string;
    const told = (await mailsOf(runtime, number, 'purchasing@example.edu')).filter((m) => m.subject.startsWith(`[${number}] Approbation bloquée`));
    assert.equal(told.length, 1);
    assert.match(told[0]!.text, /personne n’a pu être trouvé à qui la demander \(l’annuaire ne donne pas d’adresse pour l’attribut manager du demandeur\)/);
    const view = (await send(runtime, 'GET', `/api/agent/tickets/${number}`, { as: 'eva' })).body;
    assert.equal(view.approvalSteps[0].approver, null);
    assert.ok(view.approvalSteps[0].stuckSince);
    assert.equal((await send(runtime, 'POST', `/api/agent/tickets/${number}/approval/resend`, { as: 'eva', json: {} })).status, 422, 'a re-send needs an address when nobody was found');
    assert.equal((await send(runtime, 'POST', `/api/agent/tickets/${number}/approval/resend`, { as: 'eva', json: { email: 'head.of.unit@example.edu' } })).status, 200);
    assert.equal((await postDecision(runtime, await approvalLink(runtime, number, 'head.of.unit@example.edu'), 'approve')).status, 200);
  });
});
