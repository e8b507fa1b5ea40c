import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type Person, personSchema } from './person.ts';

/**
 * Where affiliations and groups come from: the JSON file by default, LDAP in
 * production (ldap.ts). A directory that cannot answer throws
 * GuichetError('unavailable'): "not found" must never stand for "could not ask".
 */
export interface Directory {
  find(id: string): Promise<Person | undefined>;
  findByEmail(email: string): Promise<Person | undefined>;
  list(): Promise<readonly Person[]>;
}

/** A directory read once from a JSON array of people. */
export function createFileDirectory(path: string): Directory {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`GUICHET_DIRECTORY: cannot read ${path}: ${(error as Error).message}`);
  }
  const parsed = z.array(personSchema).safeParse(raw);
  if (!parsed.success) throw new Error(`GUICHET_DIRECTORY: ${path} is not a list of people: ${z.prettifyError(parsed.error)}`);
  const people = Object.freeze(parsed.data.map((p) => Object.freeze(p)));
  const byId = new Map(people.map((p) => [p.id, p]));
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  return {
    find: async (id) => byId.get(id),
    findByEmail: async (email) => byEmail.get(email.toLowerCase()),
    list: async () => people,
  };
}
