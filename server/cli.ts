/**
 * `guichet`, the operators' and editors' command (bin/guichet.js runs it):
 * serve, migrate, sweep, retention, person, forms check, doctor, backup. Every command reads the
 * same configuration as the server — the environment, plus `--env-file FILE`
 * (a variable already in the environment wins, as with `node --env-file`) —
 * and works the same in production and in dev.
 */
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

interface Command {
  summary: string;
  usage: string;
  /** The flags it takes besides --env-file and --help. */
  flags?: readonly string[];
  /** Positional arguments: at least this many, at most `maxArguments`. */
  minArguments?: number;
  maxArguments?: number;
  /** The options it takes that carry a value (`--out FILE` or `--out=FILE`). */
  valueFlags?: readonly string[];
  run(args: string[], flags: Set<string>, env: Record<string, string | undefined>, values: Map<string, string>): Promise<number>;
}

/** Every option that carries a value, whichever command takes it: the parser must know them to read their value. */
const valueOptions = ['--out'];

const commands: Record<string, Command> = {
  serve: {
    summary: 'start the server (HTTP, mail delivery, scheduled sweep); stops cleanly on SIGTERM',
    usage: 'guichet serve [--env-file FILE]',
    async run(_args, _flags, env) {
      const { serve } = await import('./serve.ts');
      await serve(env);
      return -1; // serving: the process ends on a signal, not here
    },
  },
  migrate: {
    summary: 'apply the database migrations and exit (for deploy scripts, before restarting)',
    usage: 'guichet migrate [--env-file FILE]',
    async run(_args, _flags, env) {
      const { migrate } = await import('./cli-store.ts');
      return migrate(env);
    },
  },
  sweep: {
    summary: 'run the scheduled sweep once and print what it did as JSON',
    usage: 'guichet sweep [--dry-run] [--env-file FILE]\n  --dry-run  report what would change, change nothing',
    flags: ['--dry-run'],
    async run(_args, flags, env) {
      const { sweep } = await import('./cli-store.ts');
      return sweep(env, flags.has('--dry-run'));
    },
  },
  forms: {
    summary: 'check form definitions as start-up does: guichet forms check <files or folders…>',
    usage: 'guichet forms check <files or folders…>\n  A folder stands for its *.json files and its queues.json.',
    minArguments: 2,
    async run(args) {
      if (args[0] !== 'check') return usageError('forms', `unknown subcommand "${args[0]}"`);
      const { checkForms } = await import('./forms-check.ts');
      const { report, ok } = checkForms(args.slice(1));
      (ok ? console.log : console.error)(report);
      return ok ? 0 : 1;
    },
  },
  doctor: {
    summary: 'check a configuration before go-live: one line per check, exit 1 on any failure',
    usage: 'guichet doctor [--env-file FILE]',
    async run(_args, _flags, env) {
      const { doctor } = await import('./doctor.ts');
      return doctor(env);
    },
  },
  retention: {
    summary: 'anonymise the closed requests whose retention is over (the scheduled job, once) and print them as JSON',
    usage: 'guichet retention [--dry-run] [--env-file FILE]\n  --dry-run  list what would be anonymised, change nothing',
    flags: ['--dry-run'],
    async run(_args, flags, env) {
      const { retention } = await import('./cli-privacy.ts');
      return retention(env, flags.has('--dry-run'));
    },
  },
  person: {
    summary: 'a person’s data: export everything about them as a zip, or erase it now',
    usage:
      'guichet person export <address|id> --out FILE.zip [--env-file FILE]\n' +
      'guichet person erase <address|id> [--env-file FILE]\n' +
      '  <address|id>  an address (holding @) or the stable id the identity provider gives\n' +
      '  export        writes requests.json (requests, answers, events, mails) and the attachments into the zip\n' +
      '  erase         anonymises every request of the person now (open ones close); the service figures stay\n' +
      'Both are recorded in the privacy records (who, when, how many requests; never whom).',
    minArguments: 2,
    maxArguments: 2,
    valueFlags: ['--out'],
    async run(args, _flags, env, values) {
      const [action, person] = args as [string, string];
      const { exportPerson, erasePerson } = await import('./cli-privacy.ts');
      if (action === 'export') {
        const out = values.get('--out');
        if (!out) return usageError('person', 'export needs --out FILE.zip');
        return exportPerson(env, person, out);
      }
      if (action === 'erase') return erasePerson(env, person);
      return usageError('person', `unknown subcommand "${action}"`);
    },
  },
  backup: {
    summary: 'copy the SQLite database to FILE while the server runs (PostgreSQL: use pg_dump)',
    usage: 'guichet backup <file> [--env-file FILE]',
    minArguments: 1,
    maxArguments: 1,
    async run(args, _flags, env) {
      const { backup } = await import('./cli-store.ts');
      return backup(env, args[0]!);
    },
  },
};

function overview(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: guichet <command> [options]\n\n${lines.join('\n')}\n\nEvery command reads the environment, plus --env-file FILE (the environment wins).\nguichet <command> --help tells more.`;
}

function usageError(name: string, problem: string): number {
  console.error(`guichet ${name}: ${problem}\nusage: ${commands[name]!.usage}`);
  return 2;
}

/** Splits `--env-file FILE` (or `--env-file=FILE`) and `--help` from the rest. */
function parse(argv: string[]): { positional: string[]; flags: Set<string>; values: Map<string, string>; envFiles: string[]; help: boolean } | string {
  const positional: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const envFiles: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--env-file') {
      const file = argv[++i];
      if (!file) return '--env-file needs a file';
      envFiles.push(file);
    } else if (arg.startsWith('--env-file=')) envFiles.push(arg.slice('--env-file='.length));
    else if (valueOptions.includes(arg)) {
      const value = argv[++i];
      if (!value) return `${arg} needs a value`;
      values.set(arg, value);
    } else if (valueOptions.some((o) => arg.startsWith(`${o}=`))) values.set(arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1));
    else if (arg.startsWith('-')) flags.add(arg);
    else positional.push(arg);
  }
  return { positional, flags, values, envFiles, help };
}

/** The environment a command reads: the files' variables under the process's own. */
export function commandEnvironment(envFiles: readonly string[], processEnv: Record<string, string | undefined>): Record<string, string | undefined> {
  const fromFiles: Record<string, string> = {};
  for (const file of envFiles) Object.assign(fromFiles, parseEnv(readFileSync(file, 'utf8')));
  return { ...fromFiles, ...processEnv };
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parse(argv);
  if (typeof parsed === 'string') {
    console.error(`guichet: ${parsed}\n\n${overview()}`);
    return 2;
  }
  const [name, ...args] = parsed.positional;
  if (!name) {
    (parsed.help ? console.log : console.error)(overview());
    return parsed.help ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`guichet: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  if (parsed.help) {
    console.log(`${command.summary}\nusage: ${command.usage}`);
    return 0;
  }
  const unknown = [...parsed.flags, ...parsed.values.keys()].filter((f) => !(command.flags ?? []).includes(f) && !(command.valueFlags ?? []).includes(f));
  if (unknown.length > 0) return usageError(name, `unknown option ${unknown.join(', ')}`);
  if (args.length < (command.minArguments ?? 0) || args.length > (command.maxArguments ?? Infinity)) return usageError(name, 'wrong number of arguments');
  let env: Record<string, string | undefined>;
  try {
    env = commandEnvironment(parsed.envFiles, process.env);
  } catch (error) {
    console.error(`guichet: --env-file: ${(error as Error).message}`);
    return 2;
  }
  return command.run(args, parsed.flags, env, parsed.values);
}

const code = await main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`guichet: ${error.message}`);
  return 1;
});
if (code >= 0) process.exitCode = code;
