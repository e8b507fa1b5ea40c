import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { hostedPages } from '../../forms/definition.ts';
import type { Lang, Localized } from '../../forms/lang.ts';
import { escapeHtml } from '../mail/escape.ts';
import { everyLanguage } from '../words/index.ts';
import type { AppEnv } from './context.ts';
import { pageCss, pageHeaders, pageShell, stylesheetHeaders } from './page-shell.ts';

/**
 * The status and reopen pages Guichet serves itself (forms/definition.ts
 * `hostedPages`): where mails link when a form names no page of its own, so
 * a requester's link never leads nowhere. Each page embeds the component from
 * this server's /embed module, under a policy allowing no inline script or style.
 * In dev mode the demo site stands in for them (its clock bar and mail viewer
 * stay around a followed link), at the same URLs.
 */
const pageWords = everyLanguage('pages');

const pages = {
  [hostedPages.status]: {
    ...pageWords.status,
    element: (lang: Lang) => `<guichet-ticket-status lang="${lang}"></guichet-ticket-status>`,
    demo: 'status.html',
  },
  [hostedPages.reopen]: {
    ...pageWords.reopen,
    element: (lang: Lang) => `<guichet-reopen lang="${lang}" status-page="${hostedPages.status}"></guichet-reopen>`,
    demo: 'reopen.html',
  },
} satisfies Record<string, { title: Localized; intro: Localized; element: (lang: Lang) => string; demo: string }>;

const stylesheet = '/pages/hosted.css';

/** The components carry their own styles in their shadow roots. */
const css = `${pageCss}p{margin:0 0 1.5rem}
`;

const policy = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  // The ALTCHA proof of work runs in a worker the embed module starts.
  workerSrc: ["'self'", 'blob:'],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
};

function html(lang: Lang, page: (typeof pages)[keyof typeof pages]): string {
  return pageShell({ lang, title: page.title[lang], stylesheet, script: '/embed/guichet.js', body: `<p>${escapeHtml(page.intro[lang])}</p>\n${page.element(lang)}` });
}

export function hostedPageRoutes(deps: { demoDir: string | undefined }) {
  const app = new Hono<AppEnv>();
  app.use('/pages/*', pageHeaders(policy));
  app.get(stylesheet, (c) => c.body(css, 200, stylesheetHeaders));
  for (const [path, page] of Object.entries(pages)) {
    app.get(path, (c) => {
      // The link's token is in the fragment, which never reaches the server: the page itself holds no secret.
      c.header('cache-control', 'no-cache');
      if (deps.demoDir) return c.html(readFileSync(join(deps.demoDir, page.demo), 'utf8'));
      return c.html(html(c.get('lang'), page));
    });
  }
  return app;
}
