/**
 * The top self-time functions of a V8 CPU profile, and the same time by package
 * or folder: what the README's Performance section quotes from a profile.
 *
 *   BENCH_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' node --import tsx bench/submissions.ts
 *   node --import tsx bench/profile-top.ts /tmp/prof/CPU.….cpuprofile [rows]
 */
import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const self = new Map<number, number>();
const dt: number[] = p.timeDeltas;
p.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
const byName = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
for (const node of p.nodes) {
  const t = self.get(node.id) ?? 0; total += t;
  const f = node.callFrame;
  const file = (f.url || '(native)').replace(/^.*node_modules\//, 'nm/').replace(/^file:\/\/.*?\/(server|forms|bench)\//, '$1/');
  const key = `${f.functionName || '(anon)'} ${file}:${f.lineNumber}`;
  byName.set(key, (byName.get(key) ?? 0) + t);
  const pkg = file.startsWith('nm/') ? file.split('/').slice(0, file.split('/')[1]!.startsWith('@') ? 3 : 2).join('/') : file.startsWith('node:') ? 'node:internal' : file.split('/').slice(0, 2).join('/');
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + t);
}
const N = Number(process.argv[3] ?? 30);
console.log('total ms', (total / 1000).toFixed(0));
for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, N)) console.log((100 * v / total).toFixed(1).padStart(5), '%', k);
console.log('--- by package/dir');
for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((100 * v / total).toFixed(1).padStart(5), '%', k);
