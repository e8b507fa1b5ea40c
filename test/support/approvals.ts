import assert from 'node:assert/strict';
import type { DevMail } from '../../server/mail/transport.ts';
import type { TestRuntime } from './runtime.ts';

/** The mails of request `number` delivered to `address` so far (delivering what is due first). */
export async function mailsOf(runtime: TestRuntime, number: string, address: string): Promise<DevMail[]> {
  await runtime.delivery.deliverDue();
  return runtime.devOutbox!.list().filter((m) => m.subject.includes(number) && m.to.includes(address));
}

/** The approval link of the latest mail asking `address` to decide request `number`, as a path with its query. */
export async function approvalLink(runtime: TestRuntime, number: string, address = 'budget.holder@example.edu'): Promise<string> {
  const asked = (await mailsOf(runtime, number, address)).filter((m) => /approval\?/.test(m.text));
  const link = asked.at(-1)?.text.match(/https?:\/\/\S+\/approval\?\S+/)?.[0];
  assert.ok(link, `a mail to ${address} links to the approval page of ${number}`);
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
}

/** What a browser gets for a page: its status and its HTML. */
export async function getPage(runtime: TestRuntime, path: string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await runtime.app.request(path);
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** What a browser posts from the approval page's form: the link's token, the decision, a reason. */
export async function postDecision(runtime: TestRuntime, link: string, decision: 'approve' | 'decline', reason?: string): Promise<{ status: number; html: string }> {
  const url = new URL(link, 'http://guichet.test');
  const body = new URLSearchParams({ token: url.searchParams.get('token') ?? '', decision, ...(reason !== undefined ? { reason } : {}) });
  const response = await runtime.app.request(`${url.pathname}?lang=${url.searchParams.get('lang') ?? 'en'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  return { status: response.status, html: await response.text() };
}

/** The budget holder of a software order approves it through the link of their mail. */
export async function budgetHolderApproves(runtime: TestRuntime, number: string): Promise<void> {
  const answer = await postDecision(runtime, await approvalLink(runtime, number), 'approve');
  assert.equal(answer.status, 200, answer.html);
}
