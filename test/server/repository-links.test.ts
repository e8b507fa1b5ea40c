// Nothing in the repository refers to a file that is not in it: every relative
// Markdown link, and every mention of a `*.md` path in any text file (code
// comments, tests, the kit, the demo), names a file that exists.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const textFile = /\.(md|ts|js|mjs|cjs|json|html|css|ya?ml|sh|ini|conf|txt)$|(^|\/)Dockerfile$/;

/** Tracked files and new ones not ignored: what a commit of this worktree would hold. */
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && textFile.test(f) && f !== 'package-lock.json' && existsSync(join(root, f)));

/** A file of this repository: outside it (../shared/…) counts as missing, even when this machine has it. */
const inRepository = (path: string) => path.startsWith(root) && existsSync(path);

/** A path as the file names it: from its own folder, or from the repository's root. */
const exists = (from: string, path: string) => inRepository(normalize(join(root, dirname(from), path))) || inRepository(normalize(join(root, path)));

/** GitHub's anchors of a Markdown file's headings. */
function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set(
    [...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
      m[1]!
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    ),
  );
}

test('every relative Markdown link names a file (and a heading) that exists', () => {
  const broken: string[] = [];
  for (const file of files.filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z][a-z+.-]*:/i.test(target!)) continue; // https:, mailto:
      const [path, anchor] = target!.split('#') as [string, string | undefined];
      const resolved = path ? normalize(join(root, dirname(file), decodeURI(path))) : join(root, file);
      if (!inRepository(resolved)) broken.push(`${file}: (${target}) — no such file`);
      else if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) broken.push(`${file}: (${target}) — no such heading`);
    }
  }
  assert.deepEqual(broken, []);
});

test('every mention of a *.md path, anywhere in the repository, names a file that exists', () => {
  const broken: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(/(?<![\w/.:-])(?:\.{1,2}\/)*[\w-]+(?:\/[\w.-]+)*\.md\b/g)) {
      const before = text.slice(Math.max(0, match.index - 200), match.index);
      // A web address ends here (https://…/x.md): not a file of ours.
      if (/[a-z]+:\/\/\S*$/i.test(before)) continue;
      if (!exists(file, match[0])) broken.push(`${file}:${text.slice(0, match.index).split('\n').length}: ${match[0]}`);
    }
  }
  assert.deepEqual(broken, []);
});
