import type { TestRuntime } from './runtime.ts';

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** Sends one request to the app in-process, as a browser or client would over HTTP. */
export async function send(
  runtime: TestRuntime,
  method: string,
  path: string,
  options: { as?: string; json?: unknown; body?: string; headers?: Record<string, string>; token?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as) headers['x-guichet-dev-user'] = options.as;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body = options.body;
  if (options.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(options.json);
  }
  const response = await runtime.app.request(path, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export const validOrder = {
  software: 'matlab',
  os: 'windows',
  inventoryNumber: 'INV-004211',
  budgetHolderEmail: 'budget.holder@example.edu',
  licences: 2,
};

export function submit(runtime: TestRuntime, formId: string, data: unknown, options: { as?: string; key?: string; lang?: string; headers?: Record<string, string> } = {}) {
  return send(runtime, 'POST', `/api/forms/${formId}/submissions`, {
    as: options.as,
    json: { data, ...(options.lang ? { lang: options.lang } : {}) },
    headers: { 'idempotency-key': options.key ?? crypto.randomUUID(), ...options.headers },
  });
}
