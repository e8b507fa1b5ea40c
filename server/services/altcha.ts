import { createHmac } from 'node:crypto';
import { type Challenge, createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { ProtectionStore } from '../store/protection.ts';

export interface AltchaDeps {
  store: Pick<ProtectionStore, 'useAltchaChallenge' | 'forgetExpiredAltcha'>;
  /** GUICHET_SECRET; the ALTCHA keys are derived from it, apart from every other use. */
  secret: string;
}

export interface AltchaOptions {
  /**
   * Real time in milliseconds. Not the injected clock: the widget refreshes a
   * challenge at `expiresAt` and altcha-lib refuses it after, both by
   * `Date.now()`, so a dev clock moved by days must not expire every challenge.
   */
  now?: () => number;
  /** How long a challenge may be solved and used. */
  lifetimeSeconds?: number;
  /** PBKDF2 iterations per attempt, and the range of attempts the solver needs. */
  cost?: number;
  attempts?: readonly [min: number, max: number];
}

/** Why an ALTCHA payload was refused; each gives the requester the same `validation` error. */
export type AltchaOutcome = 'verified' | 'missing' | 'malformed' | 'invalid' | 'expired' | 'other_form' | 'used';

/**
 * PBKDF2/SHA-256 is the widget's default algorithm and bundled in it; ~1,000–4,000
 * attempts of 1,000 iterations take a browser about a second, a bot farm the
 * same per submission. Deterministic mode (a known counter) signs the derived
 * key, so verifying is one HMAC, not a derivation: cheap for us under a flood.
 */
const defaults = { lifetimeSeconds: 20 * 60, cost: 1_000, attempts: [1_000, 4_000] as const };

function derive(secret: string, purpose: string): string {
  return createHmac('sha256', secret).update(`guichet altcha ${purpose}`).digest('hex');
}

function decode(payload: unknown): { challenge: Challenge; solution: { counter: number; derivedKey: string } } | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
    } catch {
      return undefined;
    }
  }
  const candidate = value as { challenge?: { parameters?: unknown; signature?: unknown }; solution?: { counter?: unknown; derivedKey?: unknown } } | null;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const { challenge, solution } = candidate;
  if (typeof challenge?.parameters !== 'object' || challenge.parameters === null || typeof challenge.signature !== 'string') return undefined;
  if (typeof solution?.counter !== 'number' || typeof solution.derivedKey !== 'string') return undefined;
  return candidate as ReturnType<typeof decode>;
}

/**
 * ALTCHA proof of work for forms open to anonymous requesters: challenges are
 * HMAC-signed (nothing stored until one is solved), bound to one form, expire,
 * and a solution is accepted once — the used ones are kept in the store until
 * their challenge expires, so a replay fails in every process.
 */
export function createAltcha(deps: AltchaDeps, options: AltchaOptions = {}) {
  const { now = Date.now, lifetimeSeconds, cost, attempts } = { ...defaults, ...options };
  const hmacSignatureSecret = derive(deps.secret, 'challenge');
  const hmacKeySignatureSecret = derive(deps.secret, 'key');

  return {
    /** A new challenge for `formId`, as the widget fetches it (`challenge` attribute URL). */
    challenge(formId: string): Promise<Challenge> {
      return createChallenge({
        algorithm: 'PBKDF2/SHA-256',
        cost,
        counter: randomInt(attempts[1], attempts[0]),
        deriveKey,
        data: { form: formId },
        expiresAt: Math.floor(now() / 1000) + lifetimeSeconds,
        hmacSignatureSecret,
        hmacKeySignatureSecret,
      });
    },

    /** Checks the widget's payload (base64 JSON, or the object) for `formId`; `verified` uses it up. */
    async verify(formId: string, payload: unknown): Promise<AltchaOutcome> {
      if (payload === undefined || payload === null || payload === '') return 'missing';
      const decoded = decode(payload);
      if (!decoded) return 'malformed';
      const { parameters } = decoded.challenge;
      let result: Awaited<ReturnType<typeof verifySolution>>;
      try {
        result = await verifySolution({ challenge: decoded.challenge, solution: decoded.solution, deriveKey, hmacSignatureSecret, hmacKeySignatureSecret });
      } catch {
        return 'invalid'; // altcha-lib throws on parameters no challenge of ours has
      }
      if (result.expired) return 'expired';
      if (!result.verified) return 'invalid';
      // Our challenges always expire; the check is real time, like altcha-lib's.
      if (typeof parameters.expiresAt !== 'number' || parameters.expiresAt * 1000 <= now()) return 'expired';
      if (parameters.data?.form !== formId) return 'other_form';
      const at = new Date(now()).toISOString();
      if (!(await deps.store.useAltchaChallenge(parameters.nonce, new Date(parameters.expiresAt * 1000).toISOString()))) return 'used';
      await deps.store.forgetExpiredAltcha(at);
      return 'verified';
    },
  };
}

export type Altcha = ReturnType<typeof createAltcha>;
