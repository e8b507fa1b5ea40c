import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Config } from './config.ts';

/**
 * Node's own bounds on a client's time: the headers within
 * GUICHET_HEADERS_TIMEOUT_SECONDS, the whole request (headers and body) within
 * GUICHET_REQUEST_TIMEOUT_SECONDS, so a body trickling in a byte at a time
 * cannot hold a connection for ever; Node answers 408 and closes it. A live
 * stream's request is complete once its headers are in, so streams are not cut.
 */
export function httpServerOptions(config: Pick<Config, 'headersTimeoutSeconds' | 'requestTimeoutSeconds'>) {
  return {
    headersTimeout: config.headersTimeoutSeconds * 1000,
    requestTimeout: config.requestTimeoutSeconds * 1000,
    // How often Node looks for connections past those bounds (its default, 30 s, would let a 20 s bound run to 50 s).
    connectionsCheckingInterval: 1000,
  };
}

/** Serves `fetch` on the configured host and port, within the bounds above. */
export function serveHttp(fetch: (request: Request) => Response | Promise<Response>, config: Pick<Config, 'port' | 'host' | 'headersTimeoutSeconds' | 'requestTimeoutSeconds'>, listening: (address: AddressInfo) => void): ServerType {
  return serve({ fetch, port: config.port, ...(config.host ? { hostname: config.host } : {}), serverOptions: httpServerOptions(config) }, listening);
}
