/**
 * What a page's `<script type="module" src=".../guichet.js">` runs: nothing
 * but this. Each `guichet-*` tag is registered with the import of its
 * component; the component's code (and the shared core it imports: lit, the
 * API client, the words) is fetched the first time the tag appears in the
 * page, so a page pays only for the elements it holds. Ours, not a library's:
 * the list of tags and the W006 warning are Guichet's (Web Awesome's
 * autoloader was the model).
 *
 * Where it looks: the document, then whatever is added to it, and the open
 * shadow roots of the elements it meets (a host page's own components may hold
 * ours), each watched with its own MutationObserver. Once every tag is loaded
 * it stops watching.
 */
export type Loaders = Record<`guichet-${string}`, () => Promise<unknown>>;

export function autoload(loaders: Loaders): void {
  const pending = new Map<string, () => Promise<unknown>>(Object.entries(loaders));
  const observers: MutationObserver[] = [];
  const watched = new WeakSet<Node>();

  const load = (tag: string) => {
    const loader = pending.get(tag);
    if (!loader) return;
    pending.delete(tag);
    if (!pending.size) for (const observer of observers.splice(0)) observer.disconnect();
    // Another copy of Guichet may have defined it first (define.ts says so when both load).
    if (customElements.get(tag)) return;
    // What to check is in the README ("Console warnings"); the browser's message names the chunk's URL.
    loader().catch((error: unknown) => console.warn(`guichet:W006 the chunk of <${tag}> did not load (${String(error)})`));
  };

  const discover = (root: Element | ShadowRoot) => {
    if (!pending.size) return;
    if (root instanceof Element) {
      load(root.localName);
      if (root.shadowRoot) watch(root.shadowRoot);
    }
    for (const element of root.querySelectorAll('*')) {
      load(element.localName);
      if (element.shadowRoot) watch(element.shadowRoot);
    }
  };

  const watch = (root: Element | ShadowRoot) => {
    if (watched.has(root)) return;
    watched.add(root);
    const observer = new MutationObserver((records) => {
      for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) discover(node);
    });
    observer.observe(root, { childList: true, subtree: true });
    observers.push(observer);
    discover(root);
  };

  watch(document.documentElement);
}
