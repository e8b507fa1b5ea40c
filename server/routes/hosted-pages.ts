import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { hostedPages } from '../../forms/definition.ts';
import type { Lang, Localized } from '../../forms/lang.ts';
import { everyLanguage } from '../words/index.ts';
import type { AppEnv } from './context.ts';

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

/** Plain and readable on any screen; the components carry their own styles in their shadow roots. */
const css = `:root{color-scheme:light dark;font-family:system-ui,sans-serif;line-height:1.5}
body{margin:0;padding:2rem 1rem}
main{max-width:44rem;margin:0 auto}
h1{font-size:1.6rem;margin:0 0 .5rem}
p{margin:0 0 1.5rem}
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
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title[lang]}</title>
<link rel="stylesheet" href="${stylesheet}">
<script type="module" src="/embed/guichet.js"></script>
</head>
<body>
<main>
<h1>${page.title[lang]}</h1>
<p>${page.intro[lang]}</p>
${page.element(lang)}
</main>
</body>
</html>
`;
}

export function hostedPageRoutes(deps: { demoDir: string | undefined }) {
  const app = new Hono<AppEnv>();
  app.use('/pages/*', secureHeaders({ contentSecurityPolicy: policy, crossOriginResourcePolicy: 'same-origin', referrerPolicy: 'no-referrer' }));
  app.get(stylesheet, (c) => c.body(css, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }));
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
