import { VERSION } from './version.ts';

type Versioned = CustomElementConstructor & { version?: string };

/**
 * Defines `tag` unless it already is. Two department widgets on one page may
 * load two copies (or two versions) of the embed; the second `define` would
 * throw and break the whole script, so the first copy wins and we say why.
 */
export function define(tag: string, element: Versioned): void {
  const existing = customElements.get(tag) as Versioned | undefined;
  if (!existing) {
    customElements.define(tag, element);
    return;
  }
  if (existing === element) return;
  const other = existing.version ?? 'unknown';
  console.warn(
    // What to do is in the README ("Console warnings"): the codes keep the embed small.
    `guichet:W001 <${tag}> is already defined by another copy of Guichet (${other}); this one (${VERSION}) is unused`,
  );
}
