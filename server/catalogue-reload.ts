import { type FSWatcher, watch } from 'node:fs';
import type { Logger } from 'pino';
import { type Catalogue, loadCatalogue } from './catalogue.ts';

export interface ReloadableCatalogue extends Catalogue {
  /** Reads the folder again; a broken folder logs the precise error and keeps the last good catalogue. */
  reload(): boolean;
  /** Dev mode: reloads whenever a file of the folder changes (debounced); returns the stop. */
  watch(): () => void;
}

const settleMilliseconds = 150;

/**
 * The catalogue every route and service reads: a new definition dropped into
 * GUICHET_FORMS_DIR is served without a code change — at once in dev mode
 * (watched), at the next start in production. The first load throws, so a
 * broken folder still stops start-up.
 */
export function createReloadableCatalogue(dir: string, logger: Logger): ReloadableCatalogue {
  let current = loadCatalogue(dir);
  const reload = () => {
    try {
      current = loadCatalogue(dir);
      logger.info({ forms: [...current.forms.keys()] }, `form definitions reloaded from ${dir}`);
      return true;
    } catch (error) {
      logger.error(`form definitions in ${dir} not reloaded, the previous ones stay served:\n${(error as Error).message}`);
      return false;
    }
  };
  return {
    get forms() {
      return current.forms;
    },
    get queues() {
      return current.queues;
    },
    form: (id) => current.form(id),
    reload,
    watch() {
      let timer: NodeJS.Timeout | undefined;
      // An editor's save is several events (truncate, write, rename): reload once they settle.
      const watcher: FSWatcher = watch(dir, () => {
        clearTimeout(timer);
        timer = setTimeout(reload, settleMilliseconds);
      });
      watcher.on('error', (error) => logger.warn({ err: error }, `stopped watching ${dir}: restart to pick up form changes`));
      return () => {
        clearTimeout(timer);
        watcher.close();
      };
    },
  };
}
