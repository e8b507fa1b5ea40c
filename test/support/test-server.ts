import { serve } from '@hono/node-server';
import { createTestRuntime, type TestRuntime } from './runtime.ts';
import { freePort } from './ports.ts';

export interface TestServer {
  url: string;
  runtime: TestRuntime;
  close(): Promise<void>;
}

/**
 * The real server on a free loopback port, for component tests and end-to-end
 * tests; its public URL is that address, so the links in its mails work.
 */
export async function startTestServer(options: { now?: Date; env?: Record<string, string> } = {}): Promise<TestServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const runtime = await createTestRuntime({ ...options, env: { ...options.env, PORT: String(port), GUICHET_PUBLIC_URL: url } });
  runtime.delivery.start();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: runtime.app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    url,
    runtime,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      }).then(() => runtime.close()),
  };
}
