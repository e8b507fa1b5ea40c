import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';

/**
 * The data folder holds tickets, mails and secrets: its files are for the
 * service's own user only, whatever the umask (0600 files, 0700 folders).
 */
export const privateFileMode = 0o600;
export const privateDirMode = 0o700;

/** Makes `dir` (and any missing parent) for the service's user only; an existing folder is left as the operator made it. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
}

/**
 * Creates `path` empty if it is missing, and makes it 0600 either way: for a
 * file another library creates (SQLite gives its -wal and -shm files the mode
 * of the database file).
 */
export function makePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', privateFileMode));
  chmodSync(path, privateFileMode);
}
