import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * The name this installation's delivery worker claims outbox mails under,
 * kept in its data folder: a process restarted after a crash (systemd
 * `Restart=always`) recognises the claims of its previous life and gives them
 * back at once, instead of leaving them until they expire. Each process of a
 * cluster has its own data folder, hence its own name.
 */
export function deliveryWorkerName(dataDir: string): string {
  const file = join(dataDir, 'delivery-worker');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const name = `${hostname()}:${randomUUID()}`;
  writeFileSync(file, name + '\n');
  return name;
}
