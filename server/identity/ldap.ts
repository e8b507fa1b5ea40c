import { AndFilter, Client, type Entry, EqualityFilter, OrFilter, PresenceFilter } from 'ldapts';
import type { Logger } from 'pino';
import { isLang, type Localized } from '../../forms/lang.ts';
import type { Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { Directory } from './directory.ts';
import type { Person } from './person.ts';
import { everyLanguage } from '../words/index.ts';

/** Which LDAP attribute holds what; the defaults are inetOrgPerson's and eduPerson's. */
export interface LdapAttributes {
  id: string;
  email: string;
  /** Tried in order: the first one the entry has is the name. */
  name: readonly string[];
  lang: string;
  affiliations: string;
}

export interface LdapDirectoryOptions {
  /** `ldap://host:port` or `ldaps://host:port` (GUICHET_DIRECTORY). */
  url: string;
  base: string;
  /** Unset: an anonymous bind. */
  bindDn?: string;
  bindPassword?: string;
  clock: Clock;
  logger?: Logger;
  /** For the TCP connection and for each operation. */
  timeoutMilliseconds?: number;
  /** How long an answer (found or not) is reused, on the injected clock. */
  cacheSeconds?: number;
  attributes?: Partial<LdapAttributes>;
  /** The most entries `list()` returns (dev mode's people list). */
  listLimit?: number;
  /** Attributes an approval step may name (forms' `approver.directory`), read into the person's `attributes`; default `manager`. */
  approverAttributes?: readonly string[];
}

const defaults = {
  timeoutMilliseconds: 3000,
  cacheSeconds: 60,
  listLimit: 200,
  attributes: { id: 'uid', email: 'mail', name: ['displayName', 'cn'], lang: 'preferredLanguage', affiliations: 'eduPersonAffiliation' } satisfies LdapAttributes,
};

/** The cache is dropped whole beyond this many answers: it holds a minute of look-ups, not the directory. */
const maxCached = 10_000;

export const directoryUnreachable: Localized = everyLanguage('identity').directoryUnreachable;

function values(entry: Entry, attribute: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const raw = key === undefined ? [] : entry[key]!;
  return (Array.isArray(raw) ? raw : [raw]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v)).filter((v) => v !== '');
}

/** `cn=software-buyers,ou=groups,dc=example,dc=edu` → `software-buyers`. */
function groupName(entry: Entry): string {
  return values(entry, 'cn')[0] ?? entry.dn.split(',')[0]!.replace(/^[^=]*=/, '');
}

/**
 * People from an LDAP directory (ldapts). Each look-up opens its own
 * connection, binds, searches and unbinds: no long-lived connection can go
 * stale or silently fall back to an anonymous bind after a reconnect, and the
 * short cache keeps the cost to one round trip per person per minute.
 */
export function createLdapDirectory(options: LdapDirectoryOptions): Directory {
  const { url, base, bindDn, bindPassword, clock, logger } = options;
  const timeout = options.timeoutMilliseconds ?? defaults.timeoutMilliseconds;
  const cacheMilliseconds = (options.cacheSeconds ?? defaults.cacheSeconds) * 1000;
  const listLimit = options.listLimit ?? defaults.listLimit;
  const attributes: LdapAttributes = { ...defaults.attributes, ...options.attributes };
  const approverAttributes = options.approverAttributes ?? ['manager'];
  const requested = [attributes.id, attributes.email, ...attributes.name, attributes.lang, attributes.affiliations, ...approverAttributes];
  const cache = new Map<string, { until: number; person: Person | undefined }>();

  async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url, timeout, connectTimeout: timeout });
    try {
      if (bindDn) await client.bind(bindDn, bindPassword ?? '');
      return await work(client);
    } catch (error) {
      logger?.warn({ err: error, url }, 'the LDAP directory did not answer');
      throw new GuichetError('unavailable', { message: directoryUnreachable });
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  /** The approver attributes the entry has, as `attributes`; nothing when it has none. */
  function approverValues(entry: Entry): Pick<Person, 'attributes'> {
    const found = Object.fromEntries(approverAttributes.flatMap((a) => values(entry, a).slice(0, 1).map((v) => [a, v])));
    return Object.keys(found).length > 0 ? { attributes: found } : {};
  }

  async function toPerson(client: Client, entry: Entry): Promise<Person | undefined> {
    const id = values(entry, attributes.id)[0];
    if (!id) return undefined;
    // Groups are entries that list the person (groupOfNames, groupOfUniqueNames, AD's group):
    // this needs no memberOf overlay on the server.
    const memberOf = new OrFilter({ filters: ['member', 'uniqueMember'].map((attribute) => new EqualityFilter({ attribute, value: entry.dn })) });
    const { searchEntries: groups } = await client.search(base, { scope: 'sub', filter: memberOf, attributes: ['cn'] });
    const lang = values(entry, attributes.lang)[0]?.slice(0, 2).toLowerCase();
    return {
      id,
      email: values(entry, attributes.email)[0] ?? '',
      name: attributes.name.map((a) => values(entry, a)[0]).find(Boolean) ?? id,
      lang: isLang(lang) ? lang : undefined,
      // eduPersonScopedAffiliation-style values (staff@example.edu) count as their unscoped part.
      affiliations: [...new Set(values(entry, attributes.affiliations).map((a) => a.split('@')[0]!.trim().toLowerCase()))],
      groups: groups.map(groupName),
      agentOf: [],
      admin: false,
      // A DN (manager: uid=bruno,ou=people,…) stays as it is: the approval step resolves it (services/approvals.ts).
      ...approverValues(entry),
    };
  }

  async function lookUp(attribute: string, value: string): Promise<Person | undefined> {
    const key = `${attribute}=${value.toLowerCase()}`;
    const now = clock.now().getTime();
    const cached = cache.get(key);
    if (cached && cached.until > now) return cached.person;
    const person = await withClient(async (client) => {
      const { searchEntries } = await client.search(base, { scope: 'sub', filter: new EqualityFilter({ attribute, value }), attributes: requested, sizeLimit: 2 });
      // Two entries for one uid or mail: taking either could give someone another person's rights.
      if (searchEntries.length !== 1) {
        if (searchEntries.length > 1) logger?.warn({ attribute }, 'the LDAP directory has several entries for one person; ignoring them');
        return undefined;
      }
      return toPerson(client, searchEntries[0]!);
    });
    if (cache.size >= maxCached) cache.clear();
    cache.set(key, { until: now + cacheMilliseconds, person });
    return person;
  }

  return {
    find: (id) => lookUp(attributes.id, id),
    findByEmail: (email) => lookUp(attributes.email, email),
    list: () =>
      withClient(async (client) => {
        const { searchEntries } = await client.search(base, { scope: 'sub', filter: new AndFilter({ filters: [attributes.id, attributes.email].map((attribute) => new PresenceFilter({ attribute })) }), attributes: requested, sizeLimit: listLimit });
        const people = await Promise.all(searchEntries.map((entry) => toPerson(client, entry)));
        return people.filter((p): p is Person => p !== undefined);
      }),
  };
}
