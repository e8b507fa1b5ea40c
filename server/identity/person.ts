import { z } from 'zod';
import { languages } from '../../forms/lang.ts';

/** A member of the university as the directory knows them. */
export const personSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  email: z.email(),
  lang: z.enum(languages).optional(),
  affiliations: z.array(z.string()),
  /** Named groups (LDAP groups the person is a member of), for forms restricted to groups. */
  groups: z.array(z.string()).default([]),
  agentOf: z.array(z.string()).default([]),
  admin: z.boolean().default(false),
  /** Other directory attributes a form's approval step may name (e.g. `manager`: an address, an id or a DN). */
  attributes: z.record(z.string(), z.string()).optional(),
});

export type Person = z.output<typeof personSchema>;
