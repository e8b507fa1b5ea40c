// What the editor's kit tells a web editor, as pure functions of the form and
// the choices made: the theme CSS, the snippet, the host page's CSP and CORS
// needs. No DOM here, so the server suites can check it (test/server/editor-kit.test.ts).

/** The theme the kit sets, and the component's own default for each (components/internal/base.styles.ts). */
export const themeProperties = [
  { key: 'accent', property: '--guichet-color-primary', fallback: '#0b57d0' },
  { key: 'radius', property: '--guichet-border-radius', fallback: '0.375rem' },
  { key: 'font', property: '--guichet-font-family', fallback: 'system-ui, sans-serif' },
  { key: 'spacing', property: '--guichet-spacing', fallback: '1rem' },
];

/** Every element of the requester embed: one theme for the form, the status and reopen pages, the list. */
export const guichetElements = ['guichet-request-form', 'guichet-ticket-status', 'guichet-reopen', 'guichet-my-requests'];

/**
 * The rule to add to the site's own stylesheet. A stylesheet, not a `style`
 * attribute: a host page's strict CSP blocks inline styles. Custom properties
 * inherit into the shadow roots; nothing else of the page does.
 */
export function themeCss(theme) {
  const lines = themeProperties.map(({ key, property, fallback }) => `  ${property}: ${theme[key] || fallback};`);
  return `${guichetElements.join(',\n')} {\n${lines.join('\n')}\n}\n`;
}

const escapeAttribute = (value) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The module script (versioned URL, Subresource Integrity) and the element. */
export function snippet({ module, formId, lang }) {
  return (
    `<script type="module" src="${escapeAttribute(module.url)}" integrity="${escapeAttribute(module.integrity)}" crossorigin="anonymous"></script>\n` +
    `<guichet-request-form form="${escapeAttribute(formId)}" lang="${escapeAttribute(lang)}"></guichet-request-form>\n`
  );
}

/** Guichet's hosted status page (forms/definition.ts `hostedPages`), where mails link when a form names no statusPage. */
const hostedStatusPage = '/pages/status';

/**
 * The page the confirmation mail links to (the form's `statusPage`, relative
 * to the Guichet server unless absolute) and what it holds: the same module
 * and the status element.
 */
export function statusPageSnippet({ module, definition, origin, lang }) {
  const url = new URL(definition.statusPage ?? hostedStatusPage, origin);
  return {
    url: url.href,
    // Guichet's own page (the form names none): it exists already, the snippet is for a page of the department's own.
    hosted: url.origin === new URL(origin).origin && url.pathname === hostedStatusPage,
    code:
      `<script type="module" src="${escapeAttribute(module.url)}" integrity="${escapeAttribute(module.integrity)}" crossorigin="anonymous"></script>\n` +
      `<guichet-ticket-status lang="${escapeAttribute(lang)}"></guichet-ticket-status>\n`,
  };
}

/**
 * What the host page's Content-Security-Policy needs: the module from the
 * Guichet origin (script-src) and the API calls to it (connect-src). The
 * components' styles are constructed stylesheets in shadow roots, which
 * style-src does not govern; they load no image or font. A form open to
 * anonymous requesters runs the ALTCHA proof of work in a worker: a page may
 * start workers from its own origin only, so on a department's site it starts
 * from a blob: URL that imports the Guichet server's script (worker-src blob:).
 * `header`: a complete strict policy for a page that has none yet.
 */
export function hostPagePolicy(guichetOrigin, { anonymous = false } = {}) {
  const directives = [`script-src ${guichetOrigin}`, `connect-src ${guichetOrigin}`, ...(anonymous ? ['worker-src blob:'] : [])];
  const header = [
    "default-src 'self'",
    `script-src 'self' ${guichetOrigin}`,
    `connect-src 'self' ${guichetOrigin}`,
    ...(anonymous ? ["worker-src 'self' blob:"] : []),
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
  return { directives, header };
}

/**
 * Whether `hostname` (as URL parsed `input`) is a host as the editor wrote it:
 * a domain of at least two labels, localhost, an IPv6 address in brackets, or
 * an IPv4 address written as four numbers. A lone word is a typo, and URL
 * reads "1234" as the address 0.0.4.210.
 */
function namesAHost(hostname, input) {
  if (hostname === 'localhost' || hostname.startsWith('[')) return true;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(hostname)) {
    const typed = input.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/)[0].replace(/:\d*$/, '');
    return typed === hostname;
  }
  const labels = hostname.split('.');
  return labels.length >= 2 && labels.every((label) => label !== '');
}

/**
 * "Check my page": each address the editor typed (one a line), its origin and
 * whether the form's allowlist (`origins`) holds it. Compared here, nothing is
 * fetched: the page may not be public yet.
 */
export function checkPages(text, allowed) {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((input) => {
      let url;
      try {
        url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `https://${input}`);
      } catch {
        return { input, origin: undefined, allowed: false };
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return { input, origin: undefined, allowed: false };
      // A page's address carries no user or password: "mailto:a@b.example" would otherwise read as https://b.example.
      if (url.username || url.password) return { input, origin: undefined, allowed: false };
      if (!namesAHost(url.hostname, input)) return { input, origin: undefined, allowed: false };
      return { input, origin: url.origin, allowed: allowed.includes(url.origin) };
    });
}

/** The form's `origins` once the missing page origins are added, in the order the editor gave them. */
export function originsToDeclare(checks, allowed) {
  const missing = checks.filter((c) => c.origin && !c.allowed).map((c) => c.origin);
  return [...new Set([...allowed, ...missing])];
}
