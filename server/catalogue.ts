import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type CompiledForm, compileForm } from '../forms/compile.ts';
import { DefinitionError, type FormDefinition, parseFormDefinition, type QueueDefinition, queueDefinitionSchema } from '../forms/definition.ts';

export interface Catalogue {
  readonly forms: ReadonlyMap<string, CompiledForm>;
  readonly queues: ReadonlyMap<string, QueueDefinition>;
  form(id: string): CompiledForm | undefined;
}

/**
 * Reads every `*.json` form definition and `queues.json` of a folder, once, at
 * start-up. Any broken definition stops start-up with a message naming the form,
 * the field and the problem.
 */
export function loadCatalogue(dir: string): Catalogue {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (error) {
    throw new DefinitionError(`GUICHET_FORMS_DIR: cannot read ${dir}: ${(error as Error).message}`);
  }
  const read = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      throw new DefinitionError(`${join(dir, file)} is not valid JSON: ${(error as Error).message}`);
    }
  };
  if (!files.includes('queues.json')) throw new DefinitionError(`${dir} has no queues.json declaring the queues`);
  const queueList = z.array(queueDefinitionSchema).safeParse(read('queues.json'));
  if (!queueList.success) throw new DefinitionError(`${join(dir, 'queues.json')} is invalid: ${z.prettifyError(queueList.error)}`);
  const queues = new Map(queueList.data.map((q) => [q.id, q]));

  const forms = new Map<string, CompiledForm>();
  for (const file of files.filter((f) => f !== 'queues.json')) {
    const form: FormDefinition = parseFormDefinition(read(file), file);
    if (forms.has(form.id)) throw new DefinitionError(`Form "${form.id}" (${file}) is defined twice`);
    if (!queues.has(form.queue)) throw new DefinitionError(`Form "${form.id}" (${file}) is invalid:\n  queue: "${form.queue}" is not declared in queues.json`);
    forms.set(form.id, compileForm(form));
  }
  if (forms.size === 0) throw new DefinitionError(`${dir} holds no form definition`);
  return { forms, queues, form: (id) => forms.get(id) };
}
