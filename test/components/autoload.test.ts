// The entry's loader (components/internal/autoload.ts): a tag's chunk is
// fetched the first time the tag appears, in the document or in an open
// shadow root, once; a chunk that does not load is named in W006.
import { expect, waitUntil } from '@open-wc/testing';
import { autoload } from '../../components/internal/autoload.ts';

let warnings: string[] = [];
const warn = console.warn;
beforeEach(() => {
  warnings = [];
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
});
afterEach(() => {
  console.warn = warn;
});

/** A loader that defines `tag` (as a chunk's module would) and counts its calls. */
function chunkFor(tag: string) {
  const chunk = {
    calls: 0,
    load: async () => {
      chunk.calls++;
      customElements.define(tag, class extends HTMLElement {});
    },
  };
  return chunk;
}

describe('autoload', () => {
  it('loads nothing for tags the page does not hold, then a tag’s chunk once when it appears', async () => {
    const absent = chunkFor('guichet-test-absent');
    const late = chunkFor('guichet-test-late');
    autoload({ 'guichet-test-absent': absent.load, 'guichet-test-late': late.load });
    expect([absent.calls, late.calls]).to.deep.equal([0, 0]);

    const first = document.createElement('guichet-test-late');
    document.body.append(first);
    await customElements.whenDefined('guichet-test-late');
    document.body.append(document.createElement('guichet-test-late'));
    await waitUntil(() => document.querySelectorAll('guichet-test-late:defined').length === 2, 'both upgraded');
    expect([absent.calls, late.calls]).to.deep.equal([0, 1]);
    for (const el of document.querySelectorAll('guichet-test-late')) el.remove();
  });

  it('finds a tag in an open shadow root of the page’s own, there at the start or added later', async () => {
    const early = chunkFor('guichet-test-early-shadow');
    const later = chunkFor('guichet-test-later-shadow');
    const host = document.createElement('div');
    host.attachShadow({ mode: 'open' }).innerHTML = '<guichet-test-early-shadow></guichet-test-early-shadow>';
    document.body.append(host);
    autoload({ 'guichet-test-early-shadow': early.load, 'guichet-test-later-shadow': later.load });
    await customElements.whenDefined('guichet-test-early-shadow');
    host.shadowRoot!.append(document.createElement('guichet-test-later-shadow'));
    await customElements.whenDefined('guichet-test-later-shadow');
    expect([early.calls, later.calls]).to.deep.equal([1, 1]);
    host.remove();
  });

  it('names the tag whose chunk did not load (W006), with the browser’s reason', async () => {
    autoload({ 'guichet-test-missing': () => import(/* @vite-ignore */ `${location.origin}/no-such-chunk-${Date.now()}.js`) });
    const el = document.createElement('guichet-test-missing');
    document.body.append(el);
    await waitUntil(() => warnings.length > 0, 'a warning');
    expect(warnings[0]).to.match(/^guichet:W006 the chunk of <guichet-test-missing> did not load \(.*no-such-chunk-/);
    el.remove();
  });
});
