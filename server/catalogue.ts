import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { type CompiledForm, compileForm } from '../forms/compile.ts';
import { unsafePattern } from './pattern-safety.ts';
import { DefinitionError, type FormDefinition, parseFormDefinition, type QueueDefinition, queueDefinitionSchema } from '../forms/definition.ts';

export interface Catalogue {
  readonly forms: ReadonlyMap<string, CompiledForm>;
  readonly queues: ReadonlyMap<string, QueueDefinition>;
  form(id: string): CompiledForm | undefined;
}

/** What a set of definition files holds, and every problem found in them (all of them, not the first). */
export interface CatalogueCheck {
  forms: Map<string, CompiledForm>;
  queues: Map<string, QueueDefinition>;
  problems: string[];
}

const queuesFile = 'queues.json';

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DefinitionError(`${file}: cannot be read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DefinitionError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function readQueues(file: string): QueueDefinition[] {
  const queueList = z.array(queueDefinitionSchema).safeParse(readJson(file));
  if (!queueList.success) throw new DefinitionError(`${file} is invalid: ${z.prettifyError(queueList.error)}`);
  return queueList.data;
}

/**
 * Checks form definition files and `queues.json` files the way start-up does:
 * each definition on its own (forms/definition.ts), then across files — each
 * form's queue is declared in the `queues.json` given or beside the form, and
 * no form id is defined twice. The single check behind both the server's
 * start-up and `guichet forms check`.
 */
export function checkDefinitionFiles(files: readonly string[]): CatalogueCheck {
  const problems: string[] = [];
  const attempt = <T>(work: () => T): T | undefined => {
    try {
      return work();
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      problems.push(error.message);
      return undefined;
    }
  };
  const queuesByFile = new Map<string, QueueDefinition[] | undefined>();
  const queuesIn = (file: string) => {
    if (!queuesByFile.has(file)) queuesByFile.set(file, attempt(() => readQueues(file)));
    return queuesByFile.get(file);
  };
  const queues = new Map<string, QueueDefinition>();
  for (const file of files.filter((f) => basename(f) === queuesFile)) for (const queue of queuesIn(file) ?? []) queues.set(queue.id, queue);

  const forms = new Map<string, CompiledForm>();
  const sources = new Map<string, string>();
  for (const file of files.filter((f) => basename(f) !== queuesFile)) {
    const raw = attempt(() => readJson(file));
    if (raw === undefined) continue;
    // The queue is checked even when the rest of the definition is broken: one run lists every problem.
    const { id, queue } = raw as { id?: unknown; queue?: unknown };
    const name = typeof id === 'string' ? id : basename(file);
    const beside = join(dirname(file), queuesFile);
    if (typeof queue === 'string') {
      if (!files.includes(beside) && !existsSync(beside)) {
        problems.push(`Form "${name}" (${file}) is invalid:\n  queue: there is no ${queuesFile} beside it declaring "${queue}"`);
      } else {
        const declared = queuesIn(beside); // undefined: queues.json is broken, and that problem is listed already
        if (declared && !declared.some((q) => q.id === queue)) problems.push(`Form "${name}" (${file}) is invalid:\n  queue: "${queue}" is not declared in ${beside}`);
      }
    }
    const form: FormDefinition | undefined = attempt(() => parseFormDefinition(raw, file));
    if (!form) continue;
    const unsafe = form.fields.flatMap((f) => (f.pattern === undefined ? [] : [unsafePattern(f.pattern)].filter((p) => p !== undefined).map((p) => `field "${f.id}": ${p}`)));
    if (unsafe.length > 0) {
      problems.push(`Form "${form.id}" (${file}) is invalid:\n  ${unsafe.join('\n  ')}`);
      continue;
    }
    if (sources.has(form.id)) {
      problems.push(`Form "${form.id}" (${file}) is defined twice: also in ${sources.get(form.id)}`);
      continue;
    }
    const compiled = attempt(() => compileForm(form));
    if (!compiled) continue;
    sources.set(form.id, file);
    forms.set(form.id, compiled);
  }
  return { forms, queues, problems };
}

/** The definition files of a folder: every `*.json` (forms and queues.json). */
export function definitionFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(dir, f));
  } catch (error) {
    throw new DefinitionError(`GUICHET_FORMS_DIR: cannot read ${dir}: ${(error as Error).message}`);
  }
}

/**
 * Reads every `*.json` form definition and `queues.json` of a folder. Any
 * broken definition throws a DefinitionError naming the form, the field and
 * the problem (start-up stops; a dev reload keeps the last good catalogue).
 */
export function loadCatalogue(dir: string): Catalogue {
  const files = definitionFiles(dir);
  if (!files.includes(join(dir, queuesFile))) throw new DefinitionError(`${dir} has no ${queuesFile} declaring the queues`);
  const { forms, queues, problems } = checkDefinitionFiles(files);
  if (problems.length > 0) throw new DefinitionError(problems.join('\n'));
  if (forms.size === 0) throw new DefinitionError(`${dir} holds no form definition`);
  return { forms, queues, form: (id) => forms.get(id) };
}
