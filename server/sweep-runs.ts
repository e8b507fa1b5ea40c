import type { Logger } from 'pino';
import type { Metrics } from './metrics.ts';
import type { Sweep } from './services/sweep.ts';

/**
 * The sweep as every caller (the schedule, the admin route, the CLI) runs it:
 * each real run timed into the metrics, and every run in progress known, so a
 * stopping process lets it finish its batch rather than cut it.
 */
export function watchSweeps(sweep: Sweep, metrics: Metrics, logger: Logger) {
  const running = new Set<Promise<unknown>>();
  const watched: Sweep = (options = {}) => {
    const started = performance.now();
    const run = sweep(options).then(
      (result) => {
        if (!options.dryRun) metrics.sweepRun({ seconds: (performance.now() - started) / 1000, closed: result.closed.length, failed: false });
        return result;
      },
      (error: unknown) => {
        if (!options.dryRun) metrics.sweepRun({ seconds: (performance.now() - started) / 1000, closed: 0, failed: true });
        throw error;
      },
    );
    const settled = run.catch(() => undefined).finally(() => running.delete(settled));
    running.add(settled);
    return run;
  };
  return {
    sweep: watched,
    /** Resolves when no sweep is running (those that fail were logged by their caller). */
    async finished(): Promise<void> {
      if (running.size > 0) logger.info({ sweeps: running.size }, 'shutdown: waiting for the running sweep');
      while (running.size > 0) await Promise.all(running);
    },
  };
}
