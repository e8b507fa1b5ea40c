import { z } from 'zod';
import type { Lang, Localized } from '../../forms/lang.ts';
import type { Config } from '../config.ts';
import { GuichetError } from '../errors.ts';
import type { Directory } from './directory.ts';
import type { Person } from './person.ts';
import { inAddressRange, parseAddressRange } from './address-range.ts';
import { everyLanguage } from '../words/index.ts';

/** What an identity source sees of a request: no Hono Context, just the facts. */
export interface IdentityRequest {
  header(name: string): string | undefined;
  cookie(name: string): string | undefined;
  /** The TCP peer's address (the proxy's, behind one). */
  remoteAddress: string | undefined;
}

export interface IdentitySource {
  readonly name: string;
  /** The person, or undefined when this source does not apply to the request. */
  identify(request: IdentityRequest): Promise<Person | undefined>;
}

export const devUserHeader = 'x-guichet-dev-user';
export const devUserCookie = 'guichet_dev_user';

/** Dev mode only: the demo's person switcher picks someone from the directory. */
export function createDevIdentity(directory: Directory): IdentitySource {
  return {
    name: 'dev',
    async identify(request) {
      const id = request.header(devUserHeader) ?? request.cookie(devUserCookie);
      return id ? directory.find(id) : undefined;
    },
  };
}

/**
 * Trusted SSO headers, as a Shibboleth SP behind a reverse proxy sets them. Only
 * the configured proxies may assert them: from anyone else they are forged.
 */
export function createHeaderIdentity(config: Config, directory: Directory): IdentitySource {
  const names = config.ssoHeaders;
  const trusted = config.ssoProxies.map(parseCidr);
  return {
    name: 'header',
    async identify(request) {
      const id = request.header(names.id);
      if (!id) return undefined;
      if (!request.remoteAddress || !trusted.some((range) => range(request.remoteAddress!))) return undefined;
      return personFromDirectory(directory, {
        id,
        name: request.header(names.name),
        email: singleAddress(request.header(names.mail)),
        // Shibboleth joins multi-valued attributes with ';'.
        affiliations: (request.header(names.affiliations) ?? '').split(/[;,]/),
        groups: [],
      });
    },
  };
}

const oneAddress = z.email().max(254);

const badMailAttribute: Localized = everyLanguage('identity').badMailAttribute;

/**
 * The SSO mail attribute, which must be exactly one address: a multi-valued one
 * (`a@x.edu;b@evil.example`) would send magic links wherever its tail says, so
 * the identity is refused rather than one value guessed.
 */
function singleAddress(header: string | undefined): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const parsed = oneAddress.safeParse(value);
  if (!parsed.success) throw new GuichetError('unauthenticated', { message: badMailAttribute });
  return parsed.data;
}

/** What a sign-in (SSO headers, an OIDC token) says about a person. */
export interface Asserted {
  id: string;
  email?: string | undefined;
  name?: string | undefined;
  lang?: Lang | undefined;
  affiliations: readonly string[];
  groups: readonly string[];
}

/**
 * The person behind a sign-in. The directory, when it knows them by their
 * stable id, is the authority on affiliations, groups and roles; what the IdP
 * released is the fallback. Never by e-mail: an identity the directory does not
 * know must not inherit the roles or queues of whoever holds the same address.
 * A directory that cannot answer throws (503): eligibility is never decided
 * without it.
 */
export async function personFromDirectory(directory: Directory, asserted: Asserted): Promise<Person> {
  const known = await directory.find(asserted.id);
  // Scoped values (staff@uni.example) count as their unscoped part.
  const affiliations = [...new Set(asserted.affiliations.map((a) => a.trim().split('@')[0]!.toLowerCase()).filter(Boolean))];
  return {
    id: asserted.id,
    name: asserted.name || known?.name || asserted.id,
    email: asserted.email || known?.email || asserted.id,
    lang: asserted.lang ?? known?.lang,
    affiliations: known?.affiliations.length ? known.affiliations : affiliations,
    groups: known?.groups.length ? known.groups : [...asserted.groups],
    agentOf: known?.agentOf ?? [],
    admin: known?.admin ?? false,
  };
}

/** The first source that knows the person wins; none → anonymous. */
export function createIdentity(sources: readonly IdentitySource[]): { identify(request: IdentityRequest): Promise<Person | undefined> } {
  return {
    async identify(request) {
      for (const source of sources) {
        const person = await source.identify(request);
        if (person) return person;
      }
      return undefined;
    },
  };
}

/** "10.0.0.0/8", "192.0.2.1", "2001:db8::/32" or "::1" → a predicate on peer addresses (config.ts refused any other entry at start-up). */
export function parseCidr(range: string): (address: string) => boolean {
  const parsed = parseAddressRange(range);
  if (!parsed) throw new Error(`not an IP address or CIDR range: ${range}`);
  return (address) => inAddressRange(parsed, address);
}
