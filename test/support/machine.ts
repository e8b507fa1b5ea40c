/**
 * What the suites need from the machine — Chromium, PostgreSQL, OpenLDAP
 * slapd — found, or installed with Debian's apt-get when this runs as root.
 * The one install routine: `npm test` (test/run.ts) calls it first, and CI
 * (.ci/run) runs exactly `npm test`. Nothing is ever skipped: a need that is
 * neither found nor installable stops the run, saying what to install.
 */
import { spawnSync } from 'node:child_process';
import { executable, findPostgresBinDir } from './postgres.ts';
import { slapdBinary } from './slapd.ts';

interface Need {
  /** What it is called in messages. */
  name: string;
  /** Why the suites need it. */
  why: string;
  /** Where it is (a path to show), or undefined. */
  find(): string | undefined;
  /** Debian's packages that provide it. */
  packages: string[];
  /** How to point at one installed elsewhere, if there is a way. */
  elsewhere?: string;
  /** A system service the package may start: the tests run their own instance on a free port. */
  service?: string;
}

const needs = {
  chromium: {
    name: 'Chromium',
    why: 'the component and end-to-end tests run in it',
    find: () => [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((c): c is string => !!c && executable(c)),
    packages: ['chromium'],
    elsewhere: 'or set CHROME_PATH',
  },
  postgresql: {
    name: 'PostgreSQL',
    why: 'the server suites also run on PostgreSQL, with its initdb and pg_ctl',
    find: findPostgresBinDir,
    packages: ['postgresql'],
    elsewhere: 'or set GUICHET_TEST_POSTGRES_BIN',
    service: 'postgresql',
  },
  slapd: {
    name: 'OpenLDAP slapd',
    why: 'the directory tests run against a real slapd',
    find: () => (executable(slapdBinary) && executable('/usr/bin/ldapsearch') ? slapdBinary : undefined),
    packages: ['slapd', 'ldap-utils'],
    service: 'slapd',
  },
} satisfies Record<string, Need>;

let aptUpdated = false;

/** `need`, found or installed; exits the process with what to do when neither works. */
function ensure(need: Need): string {
  const found = need.find();
  if (found) {
    console.log(`${need.name}: ${found}`);
    return found;
  }
  const install = `apt-get install -y ${need.packages.join(' ')}`;
  if (process.getuid?.() !== 0 || !executable('/usr/bin/apt-get')) {
    console.error(`${need.name} is required (${need.why}) and was not found.\nInstall it (Debian: ${install})${need.elsewhere ? ` ${need.elsewhere}` : ''}. Not skipping.`);
    process.exit(1);
  }
  console.log(`${need.name} not found: installing Debian’s ${need.packages.join(' and ')} with apt-get (running as root)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [...(aptUpdated ? [] : [['update', '-qq']]), ['install', '-y', '-qq', ...need.packages]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed: ${need.name} could not be installed. Not skipping.`);
      process.exit(1);
    }
    if (args[0] === 'update') aptUpdated = true;
  }
  // The package may start a system instance on its usual port; the tests start their own on a free port and never use it.
  if (need.service) spawnSync('service', [need.service, 'stop'], { stdio: 'ignore' });
  const installed = need.find();
  if (!installed) {
    console.error(`apt-get installed ${need.packages.join(' ')} but ${need.name} is still missing. Not skipping.`);
    process.exit(1);
  }
  console.log(`${need.name}: ${installed}`);
  return installed;
}

/** Everything the suites need; the Chromium to run is the one returned. */
export function ensureMachine(): { chrome: string } {
  const chrome = ensure(needs.chromium);
  ensure(needs.postgresql);
  ensure(needs.slapd);
  return { chrome };
}
