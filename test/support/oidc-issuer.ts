import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export interface SignOptions {
  /** The moment the token is issued: the test's clock, not real time. */
  now: Date;
  /** Lifetime; negative values make a token that expired before `now`. */
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
  /** Sign with a key the issuer never published, under the current key's kid (a forgery). */
  forged?: boolean;
}

export interface OidcIssuer {
  /** The issuer identifier (GUICHET_OIDC_ISSUER). */
  issuer: string;
  audience: string;
  /** Requests for the key set so far. */
  readonly jwksRequests: number;
  sign(claims: JWTPayload, options: SignOptions): Promise<string>;
  /** Replaces the signing key; the old one leaves the published set at once. */
  rotate(): Promise<void>;
  close(): Promise<void>;
}

async function newKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = crypto.randomUUID();
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/**
 * A tiny OpenID provider on 127.0.0.1: the discovery document, a JWKS of keys
 * made with jose, and tokens signed on demand. Enough for Guichet's `oidc`
 * identity source to find, fetch and verify against, as it would a real IdP.
 */
export async function startOidcIssuer(options: { audience?: string } = {}): Promise<OidcIssuer> {
  const audience = options.audience ?? 'guichet-test';
  let key = await newKey();
  let jwksRequests = 0;
  let issuer = '';
  const server: Server = createServer((request, response) => {
    const json = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.url === '/.well-known/openid-configuration') return json({ issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256'] });
    if (request.url === '/jwks') {
      jwksRequests += 1;
      return json({ keys: [key.jwk] });
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    audience,
    get jwksRequests() {
      return jwksRequests;
    },
    async sign(claims, signOptions) {
      const now = Math.floor(signOptions.now.getTime() / 1000);
      const signer = signOptions.forged ? (await newKey()).privateKey : key.privateKey;
      return new SignJWT({ iat: now, exp: now + (signOptions.expiresInSeconds ?? 600), ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
        .setIssuer(signOptions.issuer ?? issuer)
        .setAudience(signOptions.audience ?? audience)
        .sign(signer);
    },
    async rotate() {
      key = await newKey();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
