import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { approvalLink, postDecision } from '../support/approvals.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * Whatever approvers, agents, retries and the clock do, in any order: no step is decided before the ones ahead
 * of it were approved, none is decided twice, and an approved order has every step approved.
 */
let runtime: TestRuntime;
before(async () => {
  runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z') });
});
after(() => runtime.close());

const day = 86_400_000;

type Action =
  | { kind: 'approverDecides'; link: 'latest' | 'first'; decision: 'approve' | 'decline' }
  | { kind: 'retryLastPost' }
  | { kind: 'time'; days: number }
  | { kind: 'agentResends'; to: string | undefined }
  | { kind: 'agentApproves' }
  | { kind: 'agentRejects' }
  | { kind: 'agentCloses' }
  | { kind: 'requesterReopens' }
  | { kind: 'sweep' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('approverDecides' as const), link: fc.constantFrom('latest' as const, 'first' as const), decision: fc.constantFrom('approve' as const, 'decline' as const) }),
  fc.constant({ kind: 'retryLastPost' as const }),
  fc.record({ kind: fc.constant('time' as const), days: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('agentResends' as const), to: fc.constantFrom(undefined, 'deputy@example.edu', 'budget.holder@example.edu') }),
  fc.constant({ kind: 'agentApproves' as const }),
  fc.constant({ kind: 'agentRejects' as const }),
  fc.constant({ kind: 'agentCloses' as const }),
  fc.constant({ kind: 'requesterReopens' as const }),
  fc.constant({ kind: 'sweep' as const }),
);

const decisionTypes = new Set(['step_approved', 'step_declined', 'approved', 'rejected']);

test('no sequence of decisions, retries, re-sends, reopens and expiries skips a step or decides one twice', { timeout: 600_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 8 }), async (actions) => {
      const answer = await submit(runtime, 'software-order', validOrder, { as: 'alice', lang: 'en' });
      assert.equal(answer.status, 201);
      const number = answer.body.ticket.number as string;
      const token = answer.body.accessToken as string;
      const firstLink = await approvalLink(runtime, number);
      let lastPost: { link: string; decision: 'approve' | 'decline' } | undefined;
      const agent = (path: string, json: unknown = {}) => send(runtime, 'POST', `/api/agent/tickets/${number}/${path}`, { as: 'eva', json });

      for (const step of actions) {
        switch (step.kind) {
          case 'approverDecides': {
            const current = (await runtime.store.approvalStepsOf((await runtime.store.findTicketByNumber(number))!.id))[0]!;
            const link = step.link === 'first' ? firstLink : await approvalLink(runtime, number, current.approver_email ?? undefined);
            lastPost = { link, decision: step.decision };
            const posted = await postDecision(runtime, link, step.decision, 'Not this year.');
            assert.ok([200, 404, 409, 410].includes(posted.status), `answered ${posted.status}`);
            break;
          }
          case 'retryLastPost':
            if (lastPost) assert.notEqual((await postDecision(runtime, lastPost.link, lastPost.decision, 'Not this year.')).status, 200, 'a retry never decides again');
            break;
          case 'time':
            runtime.clock.advance(step.days * day);
            break;
          case 'agentResends':
            assert.ok([200, 409].includes((await agent('approval/resend', step.to ? { email: step.to } : {})).status));
            break;
          case 'agentApproves':
            assert.ok([200, 409].includes((await agent('approve', { confirm: { inventoryNumber: true } })).status));
            break;
          case 'agentRejects':
            assert.ok([200, 409].includes((await agent('reject', { reason: 'No budget.' })).status));
            break;
          case 'agentCloses':
            assert.ok([200, 409].includes((await agent('state', { state: 'closed' })).status));
            break;
          case 'requesterReopens':
            assert.ok([200, 409].includes((await send(runtime, 'POST', `/api/tickets/${number}/reopen`, { token, json: { message: 'Please look again.' } })).status));
            break;
          case 'sweep':
            await runtime.services.sweep();
            break;
        }
      }

      const ticket = (await runtime.store.findTicketByNumber(number))!;
      const steps = await runtime.store.approvalStepsOf(ticket.id);
      const events = await runtime.store.eventsOf(ticket.id, { publicOnly: false });
      steps.forEach((s, i) => {
        const decided = s.state === 'approved' || s.state === 'declined';
        assert.equal(decided, s.decided_at !== null, `${s.step_id}: decided_at set exactly when decided`);
        if (decided) for (const earlier of steps.slice(0, i)) assert.equal(earlier.state, 'approved', `${s.step_id} decided only after ${earlier.step_id} was approved`);
        const decisions = events.filter((e) => decisionTypes.has(e.type) && e.data !== null && JSON.parse(e.data).step === s.step_id);
        // An outside approver decides once; the queue may undo its own decision (reopen, then decide again).
        if (s.outside) {
          assert.ok(decisions.length <= 1, `${s.step_id} decided at most once (${decisions.length})`);
          assert.equal(decisions.length, decided ? 1 : 0, `${s.step_id}: one decision event per decision`);
        } else if (decided) assert.ok(decisions.length >= 1, `${s.step_id}: its decision is recorded`);
      });
      assert.ok(steps.filter((s) => s.state === 'current').length <= 1, 'at most one current step');
      if (ticket.state === 'pending_auto_close') assert.ok(steps.every((s) => s.state === 'approved'), 'approved only with every step approved');
      assert.equal(ticket.awaiting_approver_since !== null, steps.some((s) => s.state === 'current' && s.outside === 1) && ticket.state !== 'closed', 'waiting exactly while an outside step is current');
    }),
    { numRuns: 40 },
  );
});
