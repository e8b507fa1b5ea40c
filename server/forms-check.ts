import { statSync } from 'node:fs';
import { DefinitionError } from '../forms/definition.ts';
import { checkDefinitionFiles, definitionFiles } from './catalogue.ts';

/**
 * `guichet forms check`: the start-up check of the catalogue (server/catalogue.ts)
 * on the files an editor names — a folder stands for its `*.json` files — with
 * every problem listed, not only the first.
 */
export function checkForms(paths: readonly string[]): { ok: boolean; report: string } {
  const files: string[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    let folder: boolean;
    try {
      folder = statSync(path).isDirectory();
    } catch {
      problems.push(`${path}: no such file or folder`);
      continue;
    }
    try {
      files.push(...(folder ? definitionFiles(path) : [path]));
    } catch (error) {
      if (!(error instanceof DefinitionError)) throw error;
      problems.push(error.message);
    }
  }
  const check = checkDefinitionFiles(files);
  problems.push(...check.problems);
  if (problems.length > 0) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    return { ok: false, report: `${problems.join('\n')}\nguichet forms check: ${count} in ${files.length} file(s)` };
  }
  const ids = [...check.forms.keys()];
  return { ok: true, report: `guichet forms check: OK — ${ids.length} form(s) (${ids.join(', ')}), ${check.queues.size} queue(s)` };
}
