import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Lang } from '../../forms/lang.ts';
import { escapeHtml } from '../mail/escape.ts';

/**
 * The HTML pages Guichet serves itself (the hosted status and reopen pages,
 * the outside approver's page) share one shell: no inline script or style,
 * no referrer, their stylesheet a file of their own under each page's policy.
 */

/** Plain and readable on any screen; each page adds its own rules after these. */
export const pageCss = `:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}
body{margin:0;padding:2rem 1rem}
main{max-width:44rem;margin:0 auto}
h1{font-size:1.6rem;margin:0 0 .5rem}
`;

export interface PageShell {
  lang: Lang;
  /** The page's title, also its heading (escaped here). */
  title: string;
  stylesheet: string;
  /** Head lines after the stylesheet (a module script), or before the title (`noindex`). */
  noindex?: boolean;
  script?: string;
  /** The main element's content after the heading, as HTML. */
  body: string;
}

export function pageShell({ lang, title, stylesheet, noindex = false, script, body }: PageShell): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${noindex ? '<meta name="robots" content="noindex">\n' : ''}<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${stylesheet}">
${script ? `<script type="module" src="${script}"></script>\n` : ''}</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** The headers of every page: its own Content-Security-Policy, same-origin resources only, no referrer. */
export function pageHeaders(contentSecurityPolicy: NonNullable<Parameters<typeof secureHeaders>[0]>['contentSecurityPolicy']): MiddlewareHandler {
  return secureHeaders({ contentSecurityPolicy, crossOriginResourcePolicy: 'same-origin', referrerPolicy: 'no-referrer' });
}

/** A page's stylesheet, revalidated on each use so a new version shows at once. */
export const stylesheetHeaders = { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' };
