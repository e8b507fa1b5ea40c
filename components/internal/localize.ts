import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { firstSupportedLang, type Lang } from '../../forms/lang.ts';
import { de } from '../locales/de.ts';
import { en } from '../locales/en.ts';
import { fr } from '../locales/fr.ts';

/** Every UI string the components show; a locale missing a term fails the type check. */
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
  /** When it closed, and until when it may be reopened if it still may. */
  closed: (date: string, reopenUntil: string | undefined) => string;
  messageLabel: string;
  messageSend: string;
  myRequestsEmpty: string;
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

const translations: Record<Lang, Translation> = { fr, en, de };

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
  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
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
    return resolveLang(this.host);
  }

  get term(): Translation {
    return translations[this.lang];
  }
}
