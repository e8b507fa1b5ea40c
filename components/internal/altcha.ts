/**
 * The ALTCHA widget (`<altcha-widget>`), loaded from the Guichet server the
 * first time a form open to anonymous requesters needs it: bundled, it would
 * double the embed, and identified requesters never need it. The server
 * serves altcha's `external` build (server/routes/altcha-widget.ts), which
 * neither injects a <style> (refused by a strict style-src, and unable to
 * reach into our shadow root anyway) nor starts blob: workers (refused by a
 * strict worker-src): we adopt its stylesheet and start its worker from the
 * server's URL ourselves.
 */
const widgets = new Map<string, Promise<CSSStyleSheet>>();

/** Where a worker that did not start is told, so that each form on the page can say so to the visitor. */
const workerFailures = new EventTarget();

/** Calls `listener` each time the check's worker does not start; returns what stops listening. */
export function onAltchaWorkerFailure(listener: () => void): () => void {
  workerFailures.addEventListener('failure', listener);
  return () => workerFailures.removeEventListener('failure', listener);
}

interface AltchaGlobal {
  $altcha: { algorithms: Map<string, () => Worker> };
}

/** Loads the widget from the server at `base` (once per server); resolves with its stylesheet to adopt. */
export function loadAltcha(base: string): Promise<CSSStyleSheet> {
  let widget = widgets.get(base);
  if (!widget) {
    widget = Promise.all([
      import(/* @vite-ignore */ `${base}/embed/altcha.js`),
      fetch(`${base}/embed/altcha.css`).then((response) => (response.ok ? response.text() : Promise.reject(response))),
    ]).then(([, css]) => {
      const script = `${base}/embed/altcha-worker.js`;
      // A page starts workers from its own origin only; on a department's site a blob: worker
      // imports the server's script instead (its CSP then needs worker-src blob:).
      const url = new URL(script).origin === location.origin ? script : URL.createObjectURL(new Blob([`importScripts(${JSON.stringify(script)})`]));
      // The challenges are PBKDF2/SHA-256 (server/services/altcha.ts).
      (globalThis as unknown as AltchaGlobal).$altcha.algorithms.set('PBKDF2/SHA-256', () => {
        // Most often the page's CSP: on a department's site the worker starts from blob: (worker-src blob:).
        const refused = (why: string) => {
          console.warn(`guichet:W005 the ALTCHA worker did not start (${why}): the page's CSP needs worker-src blob:`);
          workerFailures.dispatchEvent(new Event('failure'));
        };
        let worker: Worker;
        try {
          worker = new Worker(url);
        } catch (error) {
          refused((error as Error).message);
          throw error;
        }
        // A refused or unloadable script fails after the constructor returns, before the worker says anything.
        let started = false;
        worker.addEventListener('message', () => (started = true), { once: true });
        worker.addEventListener('error', (event) => started || refused(event.message || 'its script did not run'));
        return worker;
      });
      const sheet = new CSSStyleSheet();
      // Its custom properties are declared on :root, which nothing matches inside a shadow root.
      sheet.replaceSync(css.replace(/:root\b/g, ':host'));
      return sheet;
    });
    // A failed load is tried again by the next form that needs it.
    widget.catch(() => widgets.delete(base));
    widgets.set(base, widget);
  }
  return widget;
}
