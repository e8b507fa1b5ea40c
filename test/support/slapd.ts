import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'ldapts';
import { freePort } from './ports.ts';

/**
 * A real OpenLDAP `slapd` (Debian's package) on a loopback port, with a small
 * tree: the demo people (docs/contract.md, "Dev mode only"), one group, and a service account that binds.
 * npm test installs slapd when it is missing (test/support/machine.ts); here a missing slapd fails
 * loudly, it never skips.
 */

export const slapdBinary = '/usr/sbin/slapd';
const schemaDir = '/etc/ldap/schema';
const moduleDir = '/usr/lib/ldap';

export const base = 'dc=example,dc=edu';
const rootDn = `cn=admin,${base}`;
const rootPassword = 'root-secret';
export const serviceDn = `cn=guichet,ou=services,${base}`;
export const servicePassword = 'guichet-bind-secret';

// Debian ships no eduPerson schema; this is the part we use, with the standard OIDs
// (REFEDS eduPerson 202208: attribute 1.3.6.1.4.1.5923.1.1.1.1, object class 1.3.6.1.4.1.5923.1.1.2).
const eduPersonSchema = `attributetype ( 1.3.6.1.4.1.5923.1.1.1.1 NAME 'eduPersonAffiliation'
  DESC 'eduPerson: relationship with the institution'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
objectclass ( 1.3.6.1.4.1.5923.1.1.2 NAME 'eduPerson' AUXILIARY
  MAY ( eduPersonAffiliation ) )
`;

export interface SeedPerson {
  uid: string;
  displayName: string;
  mail: string;
  lang: string;
  affiliations: string[];
}

/** The demo people (docs/contract.md, "Dev mode only"), as the university's LDAP would hold them. */
export const seedPeople: SeedPerson[] = [
  { uid: 'alice', displayName: 'Alice Martin', mail: 'alice.martin@example.edu', lang: 'fr', affiliations: ['staff', 'member'] },
  { uid: 'bruno', displayName: 'Bruno Keller', mail: 'bruno.keller@example.edu', lang: 'de-CH', affiliations: ['faculty', 'member'] },
  { uid: 'chloe', displayName: 'Chloé Dubois', mail: 'chloe.dubois@students.example.edu', lang: 'fr', affiliations: ['student', 'member'] },
  { uid: 'david', displayName: 'David Smith', mail: 'david.smith@partner.example.org', lang: 'en', affiliations: ['external'] },
];

/** Group name → members' uids. */
export const seedGroups: Record<string, string[]> = { 'software-buyers': ['bruno'] };

export const personDn = (uid: string) => `uid=${uid},ou=people,${base}`;

export interface Slapd {
  url: string;
  /** The variables that point Guichet at this directory (docs/configuration.md). */
  env: Record<string, string>;
  /** A client bound as the directory's administrator, to change entries during a test. */
  admin<T>(work: (client: Client) => Promise<T>): Promise<T>;
  /** Stops the server (the port then refuses connections); `start()` brings it back on the same port with the same data. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Freezes the process (SIGSTOP): connections are accepted by the kernel but never answered. */
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

function requireSlapd(): void {
  try {
    accessSync(slapdBinary, constants.X_OK);
  } catch {
    throw new Error(`${slapdBinary} is missing: the LDAP tests need Debian's slapd and ldap-utils (apt-get install -y slapd ldap-utils; npm test installs them as root). Not skipping.`);
  }
}

export async function startSlapd(): Promise<Slapd> {
  requireSlapd();
  const dir = mkdtempSync(join(tmpdir(), 'guichet-slapd-'));
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'eduperson.schema'), eduPersonSchema);
  writeFileSync(
    join(dir, 'slapd.conf'),
    [
      ...['core', 'cosine', 'inetorgperson'].map((s) => `include ${schemaDir}/${s}.schema`),
      `include ${join(dir, 'eduperson.schema')}`,
      `modulepath ${moduleDir}`,
      'moduleload back_mdb',
      `pidfile ${join(dir, 'slapd.pid')}`,
      'database mdb',
      `suffix "${base}"`,
      `rootdn "${rootDn}"`,
      `rootpw ${rootPassword}`,
      `directory ${join(dir, 'db')}`,
      // Like a university directory: nothing for anonymous, everything readable by Guichet's account.
      'access to attrs=userPassword by anonymous auth by * none',
      `access to * by dn.exact="${serviceDn}" read by * none`,
      '',
    ].join('\n'),
  );
  let url = '';
  let child: ChildProcess | undefined;
  // However this process ends (a timeout's SIGTERM included), slapd must not outlive it.
  const killOnExit = () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = (signal: NodeJS.Signals) => {
    killOnExit();
    release();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal); // then the default: exit
  };
  const release = () => {
    process.off('exit', killOnExit);
    for (const signal of signals) process.off(signal, onSignal);
  };
  process.once('exit', killOnExit);
  for (const signal of signals) process.once(signal, onSignal);

  /** Runs slapd on `url`; resolves once it accepts connections, rejects with its log if it exits first. */
  function launch(): Promise<void> {
    // -d keeps slapd in the foreground. At level 8 (conns) it logs "daemon: added 6r listener=0x…"
    // once the socket listens ("slapd starting" comes before listen(), too early to connect).
    // As root it stays root (no -u): it only touches its own temp folder.
    const proc = spawn(slapdBinary, ['-h', `${url}/`, '-f', join(dir, 'slapd.conf'), '-d', '8'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let log = '';
    return new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        log = (log + chunk.toString()).slice(-4000);
        if (/added \d+r listener=0x/.test(log)) {
          proc.stderr!.off('data', onData);
          proc.stderr!.resume(); // keep draining the per-connection log
          resolve();
        }
      };
      proc.stderr!.on('data', onData);
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`slapd exited (${code}) before it listened on ${url}:\n${log}`)));
    });
  }

  async function firstStart(): Promise<void> {
    // The port is chosen free, but another process may take it before slapd binds: then try another.
    for (let attempt = 1; ; attempt++) {
      url = `ldap://127.0.0.1:${await freePort()}`;
      try {
        return await launch();
      } catch (error) {
        if (attempt >= 3 || !/Address already in use/.test(String(error))) throw error;
      }
    }
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGCONT');
    proc.kill('SIGTERM');
    // slapd waits for running operations before it exits; a wedged one must not hang the suite.
    const wedged = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(wedged);
  }

  async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ url, timeout: 5000, connectTimeout: 5000 });
    try {
      await client.bind(rootDn, rootPassword);
      return await work(client);
    } finally {
      await client.unbind();
    }
  }

  await firstStart();
  await admin(async (client) => {
    await client.add(base, { objectClass: ['dcObject', 'organization'], dc: 'example', o: 'Example University' });
    for (const ou of ['people', 'groups', 'services']) await client.add(`ou=${ou},${base}`, { objectClass: 'organizationalUnit', ou });
    await client.add(serviceDn, { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: 'guichet', userPassword: servicePassword });
    for (const p of seedPeople) {
      await client.add(personDn(p.uid), {
        objectClass: ['inetOrgPerson', 'eduPerson'],
        uid: p.uid,
        cn: p.displayName,
        sn: p.displayName.split(' ').at(-1)!,
        displayName: p.displayName,
        mail: p.mail,
        preferredLanguage: p.lang,
        eduPersonAffiliation: p.affiliations,
      });
    }
    for (const [cn, members] of Object.entries(seedGroups)) await client.add(`cn=${cn},ou=groups,${base}`, { objectClass: 'groupOfNames', cn, member: members.map(personDn) });
  });

  return {
    url,
    env: { GUICHET_DIRECTORY: url, GUICHET_LDAP_BASE: base, GUICHET_LDAP_BIND_DN: serviceDn, GUICHET_LDAP_BIND_PASSWORD: servicePassword },
    admin,
    stop,
    start: launch,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    async close() {
      await stop();
      release();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
