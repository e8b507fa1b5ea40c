import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { makePrivateDir, privateFileMode } from '../data-files.ts';

/**
 * The name of this installation's delivery worker, kept in its data folder;
 * each run claims outbox mails under it plus a name of its own
 * (`installation/run`). A process restarted after a crash (systemd
 * `Restart=always`) recognises the claims of its earlier runs and gives them
 * back at once, instead of leaving them until they expire; an operator's CLI
 * run beside it gives back only its own. Each process of a cluster has its own
 * data folder, hence its own installation name.
 */
export function deliveryInstallation(dataDir: string): string {
  const file = join(dataDir, 'delivery-worker');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  makePrivateDir(dataDir);
  const name = `${hostname()}:${randomUUID()}`;
  writeFileSync(file, name + '\n', { mode: privateFileMode });
  return name;
}
