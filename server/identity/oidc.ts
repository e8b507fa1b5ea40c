import { createRemoteJWKSet, decodeProtectedHeader, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { Logger } from 'pino';
import { isLang } from '../../forms/lang.ts';
import type { Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { Directory } from './directory.ts';
import { type IdentitySource, personFromDirectory } from './identity.ts';
import { everyLanguage } from '../words/index.ts';

export interface OidcIdentityOptions {
  /** GUICHET_OIDC_ISSUER: tokens' `iss`, and where the discovery document is. */
  issuer: string;
  /** GUICHET_OIDC_AUDIENCE: tokens' `aud` must name this service. */
  audience: string;
  directory: Directory;
  /** Expiry and not-before are judged on this clock (tests and the demo travel in time). */
  clock: Clock;
  logger?: Logger;
  /** The claim that is the person's id (the directory's uid). */
  idClaim?: string;
  /** Skew allowed between the IdP's clock and ours. */
  clockToleranceSeconds?: number;
  /** For the discovery document and the key set. */
  timeoutMilliseconds?: number;
  /**
   * A token signed by a key we do not know makes us fetch the key set again
   * (the IdP rotated its keys), at most once per this long, so forged `kid`s
   * cannot turn us into a flood against the IdP.
   */
  keyRefetchCooldownMilliseconds?: number;
}

const defaults = { idClaim: 'sub', clockToleranceSeconds: 60, timeoutMilliseconds: 3000, keyRefetchCooldownMilliseconds: 30_000 };

/** Only signatures with a public key: an HMAC "signed" with a public key must never verify. */
const algorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** jose error codes that mean the token is bad; any other failure means we could not check it. */
const badToken = new Set([
  errors.JWTExpired.code,
  errors.JWTClaimValidationFailed.code,
  errors.JWTInvalid.code,
  errors.JWSInvalid.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
]);

const identityWords = everyLanguage('identity');
const messages = { expired: identityWords.sessionExpired, invalid: identityWords.sessionInvalid, idpUnreachable: identityWords.idpUnreachable };

/**
 * The bearer value when it is a JWS in compact form (three base64url parts
 * whose first is a JSON header naming an `alg`); undefined otherwise. Ticket
 * access tokens, signed ticket links (`s1.…`), the inbound and admin secrets
 * share the Authorization header and are none of these: they are left to their routes.
 */
export function bearerJwt(authorization: string | undefined): string | undefined {
  const token = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  try {
    return typeof decodeProtectedHeader(token).alg === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[;,\s]+/).filter(Boolean);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * OIDC bearer tokens (docs/contract.md, "Identity"): verified with jose against the
 * key set the IdP's discovery document names. A request without a JWT is not
 * this source's business; a request WITH one that does not verify is refused
 * (401), never treated as anonymous.
 */
export function createOidcIdentity(options: OidcIdentityOptions): IdentitySource {
  const { issuer, audience, directory, clock, logger } = options;
  const { idClaim, clockToleranceSeconds, timeoutMilliseconds, keyRefetchCooldownMilliseconds } = { ...defaults, ...withoutUndefined(options) };
  const discoveryUrl = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  let keys: Promise<JWTVerifyGetKey> | undefined;

  async function discover(): Promise<JWTVerifyGetKey> {
    const response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(timeoutMilliseconds), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`${discoveryUrl} answered ${response.status}`);
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // OpenID Connect Discovery 1.0, §4.3: the document's issuer must be exactly the configured one.
    if (document.issuer !== issuer) throw new Error(`${discoveryUrl} names the issuer ${JSON.stringify(document.issuer)}, not ${issuer} (GUICHET_OIDC_ISSUER)`);
    if (typeof document.jwks_uri !== 'string') throw new Error(`${discoveryUrl} has no jwks_uri`);
    // jose refetches the set when a token names an unknown key: rotated keys work without a restart.
    return createRemoteJWKSet(new URL(document.jwks_uri), { timeoutDuration: timeoutMilliseconds, cooldownDuration: keyRefetchCooldownMilliseconds });
  }

  function unreachable(error: unknown): GuichetError {
    logger?.warn({ err: error, issuer }, 'the OIDC issuer did not answer');
    return new GuichetError('unavailable', { message: messages.idpUnreachable });
  }

  async function verify(token: string): Promise<JWTPayload> {
    // Discovered once; a failure is not kept, so the next request tries again.
    keys ??= discover().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    let getKey: JWTVerifyGetKey;
    try {
      getKey = await keys;
    } catch (error) {
      throw unreachable(error);
    }
    try {
      const { payload } = await jwtVerify(token, getKey, { issuer, audience, algorithms, clockTolerance: clockToleranceSeconds, currentDate: clock.now() });
      return payload;
    } catch (error) {
      if (error instanceof errors.JOSEError && badToken.has(error.code)) {
        throw new GuichetError('unauthenticated', { message: error instanceof errors.JWTExpired ? messages.expired : messages.invalid });
      }
      throw unreachable(error);
    }
  }

  return {
    name: 'oidc',
    async identify(request) {
      const token = bearerJwt(request.header('authorization'));
      if (!token) return undefined;
      const claims = await verify(token);
      const id = text(claims[idClaim]);
      if (!id) throw new GuichetError('unauthenticated', { message: messages.invalid });
      // Only an address the IdP says it verified says anything about who this is (absent is not verified).
      const email = claims.email_verified === true ? text(claims.email) : undefined;
      const locale = text(claims.locale)?.slice(0, 2).toLowerCase();
      const given = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
      return personFromDirectory(directory, {
        id,
        email,
        name: text(claims.name) ?? (given || text(claims.preferred_username)),
        lang: isLang(locale) ? locale : undefined,
        affiliations: strings(claims.eduperson_affiliation ?? claims.affiliation ?? claims.eduperson_scoped_affiliation),
        groups: strings(claims.groups),
      });
    },
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
