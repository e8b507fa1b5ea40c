import { LitElement, type PropertyDeclarations } from 'lit';
import { apiFor } from './api.ts';
import { LocalizeController, wordsLoading } from './localize.ts';
import { VERSION } from './version.ts';

/** An internal reactive property (Lit's `@state()`): re-renders, no attribute. */
export const internal = { state: true } as const;

/**
 * What every Guichet element has: the `api`, `lang` and `dev-user` attributes,
 * its language and strings, its client for the server, and the version the
 * duplicate-tag warning names (internal/define.ts). Like shoelace's
 * `internal/shoelace-element.ts`; behaviour stays in controllers.
 *
 * Reactive properties are declared with `static properties` rather than
 * decorators: the decorator helpers and one call per property cost the embed
 * about 0.5 KB gzip (measured), for the same behaviour.
 */
export class GuichetElement extends LitElement {
  static version = VERSION;
  static override properties: PropertyDeclarations = {
    api: {},
    lang: {},
    devUser: { attribute: 'dev-user' },
    announcement: internal,
  };

  /** Base URL of the Guichet server; default: the origin this script was loaded from. */
  declare api?: string;
  /** fr, en or de; default: the closest `lang` up the page, then the browser's languages. */
  declare lang: string;
  /** Dev mode only: the demo person to act as, sent as `X-Guichet-Dev-User`. Never set it in production. */
  declare devUser?: string;

  /** What the polite live region says; components that announce render it (`announce`). */
  protected announcement = '';

  protected readonly localize = new LocalizeController(this);

  /** Every update waits for the words of the element's language, when their chunk has not come yet (localize.ts). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const words = wordsLoading(this.localize.lang);
    return words ? words.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  /** Says `text` to screen readers through the element's `aria-live="polite"` region. */
  protected announce(text: string): void {
    // Same text twice in a row would not be announced again: clear first.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = text));
  }

  /** A client speaking this element's server, language and dev person. */
  protected get client() {
    return apiFor(this, this.localize.lang);
  }
}
