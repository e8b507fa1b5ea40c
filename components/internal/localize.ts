import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { firstSupportedLang, type Lang } from '../../forms/lang.ts';

/** Every UI string the components show; a locale missing a term fails the type check. */
/** Where an approval step stands (the server's `approvalSteps[].state`). */
export type ApprovalStepState = 'waiting' | 'current' | 'approved' | 'declined' | 'cancelled';

export interface Translation {
  /** Empty first option of a select. */
  choose: string;
  requiredLegend: string;
  /** Any component while it loads. */
  loading: string;
  submit: string;
  submitting: string;
  errorSummaryTitle: (count: number) => string;
  signInNeeded: string;
  signIn: string;
  formUnavailable: string;
  genericError: string;
  networkError: string;
  successTitle: string;
  ticketNumber: string;
  /** "Label: message", with each language's punctuation (French puts a space before the colon). */
  labelled: (label: string, text: string) => string;
  confirmationSent: string;
  followRequest: string;
  statusMissing: string;
  statusInvalid: string;
  statusState: string;
  statusCreated: string;
  statusData: string;
  statusHistory: string;
  yes: string;
  no: string;
  /** A 401 where a signed-in person's requests are asked for. */
  signInToSee: string;
  /** The dates are formatted with the weekday, in the reader's time zone. */
  autoCloses: (date: string) => string;
  /** The approval steps' heading, and one line per step: who decides, where it stands, since or on which date, by whom. */
  approvalTitle: string;
  approvalStep: (name: string, state: ApprovalStepState, date: string | undefined, by: string | undefined) => string;
  /** When it closed, and until when it may be reopened if it still may. */
  closed: (date: string, reopenUntil: string | undefined) => string;
  messageLabel: string;
  /** Said before sending, under the message box of a closed request that may still be reopened. */
  messageReopens: string;
  messageSend: string;
  myRequestsEmpty: string;
  /** The requester's own export (GET /api/me/export). */
  myDataDownload: string;
  myDataHelp: string;
  reopenLabel: string;
  reopenButton: string;
  reopened: string;
  ratingLegend: string;
  commentLabel: string;
  solvedButton: string;
  ratingNeeded: string;
  thanks: string;
  windowOver: string;
  newRequest: string;
  stillOpen: string;
  /** An anonymous requester's own details (forms open to people without an account). */
  requesterName: string;
  requesterEmail: string;
  /** The ALTCHA widget, as the error summary names it. */
  robotCheck: string;
  /** After an anonymous submit: nothing exists until the mailed link is confirmed. */
  checkMailboxTitle: string;
  checkMailbox: (email: string) => string;
  /** The page the confirmation link opens. */
  confirmIntro: string;
  confirmButton: string;
}

/**
 * Each language's words are a chunk of their own, fetched the first time an
 * element reads in it: a page loads the one language it shows, not three.
 */
const wordChunks: Record<Lang, () => Promise<Translation>> = {
  fr: () => import('../locales/fr.ts').then((chunk) => chunk.fr),
  en: () => import('../locales/en.ts').then((chunk) => chunk.en),
  de: () => import('../locales/de.ts').then((chunk) => chunk.de),
};
const loaded: Partial<Record<Lang, Translation>> = {};
const loading = new Map<Lang, Promise<void>>();

/** Nothing once `lang`'s words are here; else the promise of their coming (GuichetElement waits for it before it renders). */
export function wordsLoading(lang: Lang): Promise<void> | undefined {
  if (loaded[lang]) return undefined;
  let coming = loading.get(lang);
  if (!coming) {
    coming = wordChunks[lang]().then(
      (words) => void (loaded[lang] = words),
      (error: unknown) => {
        loading.delete(lang);
        console.warn(`guichet:W006 the chunk of the ${lang} words did not load (${String(error)})`);
      },
    );
    loading.set(lang, coming);
  }
  return coming;
}

/**
 * The language of `element`: its own `lang`, else the closest `lang` up the
 * DOM (across shadow roots), else the browser's languages, else French.
 */
export function resolveLang(element: HTMLElement): Lang {
  let node: Node | null = element;
  while (node) {
    // The host's own `lang` is read as a property: components declare it reactive, so `el.lang = 'de'` counts.
    const value = node === element ? element.lang : node instanceof Element ? node.getAttribute('lang') : null;
    // lang="" means "unknown": keep looking. An unsupported language stops the walk.
    if (value) {
      const lang = firstSupportedLang([value]);
      if (lang) return lang;
      break;
    }
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return firstSupportedLang(globalThis.navigator?.languages ?? []) ?? 'fr';
}

const hosts = new Set<ReactiveControllerHost>();
let observer: MutationObserver | undefined;

/** Gives a component its language and strings, and re-renders it when the document's language changes. */
export class LocalizeController implements ReactiveController {
  /** The language of what the component shows (a ticket's), which wins over the page's but not over the element's own `lang`. */
  #followed?: Lang;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  /** Follows the language of what is shown; true when that changed the component's language. */
  follow(lang: Lang | undefined): boolean {
    const before = this.lang;
    this.#followed = lang;
    if (this.lang === before) return false;
    this.host.requestUpdate();
    return true;
  }

  hostConnected(): void {
    hosts.add(this.host);
    if (!observer) {
      observer = new MutationObserver(() => hosts.forEach((h) => h.requestUpdate()));
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    }
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
  }

  get lang(): Lang {
    // A `lang` the editor wrote on the element wins; then what is shown; then the page and the browser.
    const own = this.host.lang ? firstSupportedLang([this.host.lang]) : undefined;
    return own ?? this.#followed ?? resolveLang(this.host);
  }

  /** The words the host last rendered with: what it keeps showing while another language's chunk comes. */
  #last?: Translation;

  /** The words of `lang`, once GuichetElement waited for them (wordsLoading). */
  get term(): Translation {
    this.#last = loaded[this.lang] ?? this.#last ?? Object.values(loaded)[0];
    if (!this.#last) throw new Error('guichet: no words loaded yet (wordsLoading)');
    return this.#last;
  }
}
