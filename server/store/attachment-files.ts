import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { privateDirMode, privateFileMode } from '../data-files.ts';

/**
 * Where the bytes of attachments live. The key is chosen here, never by the
 * sender, so no file name can reach a path; another backend (object storage)
 * only has to keep these three promises.
 */
export interface AttachmentStore {
  /** Stores the bytes whole under a new key: a crash never leaves a half-written file under it. */
  put(bytes: Uint8Array): Promise<string>;
  /** The bytes under `key`, or undefined when there are none. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Forgets `key`; a key already gone is no error. */
  remove(key: string): Promise<void>;
}

const keyShape = /^[0-9a-f-]{36}$/;

/** Files in `dir` (`$GUICHET_DATA_DIR/attachments`), each under a random UUID. */
export function createDiskAttachmentStore(dir: string): AttachmentStore {
  const pathOf = (key: string) => {
    if (!keyShape.test(key)) throw new Error(`not an attachment key: ${JSON.stringify(key)}`);
    return join(dir, key);
  };
  return {
    async put(bytes) {
      // Made on the first file, not at start-up: a process that never stores one leaves no folder.
      await mkdir(dir, { recursive: true, mode: privateDirMode });
      const key = randomUUID();
      const temporary = join(dir, `.${key}.part`);
      try {
        await writeFile(temporary, bytes, { flag: 'wx', mode: privateFileMode });
        await rename(temporary, pathOf(key));
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return key;
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
