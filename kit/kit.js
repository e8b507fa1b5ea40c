// The editor's kit (served at /embed): everything is built with DOM APIs and
// runs under the kit's strict CSP, like the pages it prepares snippets for.
// The preview is a frame (a blob: document of the kit's origin) holding exactly the snippet, on a page whose
// global CSS is hostile; the theme reaches it as the stylesheet rule the
// editor will paste, adopted into the frame's document.

import { checkPages, hostPagePolicy, originsToDeclare, snippet, statusPageSnippet, themeCss } from './kit-advice.js';
import { kitText } from './kit-text.js';

const langs = ['fr', 'en', 'de'];
const facts = JSON.parse(document.getElementById('kit-facts').textContent);
const params = new URLSearchParams(location.search);
const uiLang = [params.get('lang'), ...navigator.languages.map((l) => l.slice(0, 2))].find((l) => langs.includes(l)) ?? 'en';
const t = kitText[uiLang];
const $ = (id) => document.getElementById(id);

document.documentElement.lang = uiLang;
document.title = t.title;
for (const element of document.querySelectorAll('[data-text]')) element.textContent = t[element.dataset.text];

const controls = {
  form: $('kit-form'),
  lang: $('kit-lang'),
  person: $('kit-person'),
  accent: $('kit-accent'),
  radius: $('kit-radius'),
  font: $('kit-font'),
  spacing: $('kit-spacing'),
  pages: $('kit-pages'),
};
const preview = $('kit-preview');
preview.title = t.preview;
controls.lang.value = langs.includes(params.get('form-lang')) ? params.get('form-lang') : uiLang;

/** The form's full definition (GET /api/forms/{id}): its origins are the allowlist. */
let definition;

function theme() {
  return {
    accent: controls.accent.value,
    radius: `${controls.radius.value}px`,
    font: controls.font.value,
    spacing: `${controls.spacing.value}rem`,
  };
}

const attribute = (value) => String(value).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function previewDocument() {
  const code = snippet({ module: facts.module, formId: definition.id, lang: controls.lang.value });
  // Dev mode: the demo person to act as, on the preview only — never in the snippet.
  const person = controls.person.value;
  const element = person ? code.replace('<guichet-request-form ', `<guichet-request-form dev-user="${attribute(person)}" `) : code;
  return `<!doctype html>
<html lang="${attribute(controls.lang.value)}">
<head><meta charset="utf-8"><title>${attribute(t.preview)}</title>
<link rel="stylesheet" href="${attribute(facts.origin)}/embed/kit/host-page.css"></head>
<body>
<header>Faculty of Science — Department page</header>
<main>
<h1>${attribute(definition.title[controls.lang.value] ?? definition.id)}</h1>
<form role="search" action="#"><label>Search this site <input type="search" name="q"></label> <button type="button">Search</button></form>
<p>This page’s theme styles every label, input and button of the page, as many CMS themes do.</p>
${element}
</main>
</body>
</html>`;
}

/** The theme rule, adopted by the frame's document: what pasting it into the site's stylesheet does. */
function applyTheme() {
  const frame = preview.contentWindow;
  const doc = preview.contentDocument;
  if (!frame || !doc) return;
  let sheet = doc.adoptedStyleSheets.find((s) => s.kitTheme);
  if (!sheet) {
    sheet = new frame.CSSStyleSheet();
    sheet.kitTheme = true;
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  }
  sheet.replaceSync(themeCss(theme()));
}

/**
 * The preview is a document of the kit's own origin, made from a blob: a srcdoc frame's
 * location.origin reads "null" in Chromium, and the ALTCHA widget (forms open to anonymous
 * requesters) throws "Invalid URL" building a URL from it. A blob document inherits the kit's CSP.
 */
let previewUrl;
function rebuildPreview() {
  if (!definition || !facts.module) return;
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = URL.createObjectURL(new Blob([previewDocument()], { type: 'text/html' }));
  preview.src = previewUrl;
}
preview.addEventListener('load', applyTheme);

function renderOutputs() {
  $('kit-radius-value').textContent = `${controls.radius.value} px`;
  $('kit-spacing-value').textContent = `${controls.spacing.value} rem`;
  $('kit-theme').value = themeCss(theme());
  const policy = hostPagePolicy(facts.origin, { anonymous: definition?.anonymous === true });
  $('kit-csp-directives').textContent = policy.directives.join('\n');
  $('kit-csp-header').textContent = `Content-Security-Policy: ${policy.header}`;
  if (!definition) return;
  $('kit-snippet').value = facts.module ? snippet({ module: facts.module, formId: definition.id, lang: controls.lang.value }) : '';
  if (facts.module) {
    const status = statusPageSnippet({ module: facts.module, definition, origin: facts.origin, lang: controls.lang.value });
    $('kit-status-note').textContent = t.statusNote(status.url, status.hosted);
    $('kit-status-snippet').value = status.code;
  }
  renderPageChecks();
}

function renderPageChecks() {
  const allowed = definition.origins ?? [];
  $('kit-allowlist-title').textContent = `${t.allowlist(definition.id)}:`;
  $('kit-allowlist').textContent = allowed.length ? allowed.join(', ') : t.none;
  const checks = checkPages(controls.pages.value, allowed);
  $('kit-page-checks').replaceChildren(
    ...checks.map((check) => {
      const item = document.createElement('li');
      item.className = check.allowed ? 'ok' : 'missing';
      item.textContent = !check.origin ? t.notAddress(check.input) : check.allowed ? t.allowed(check.origin) : t.notAllowed(check.origin);
      return item;
    }),
  );
  const missing = checks.some((c) => c.origin && !c.allowed);
  $('kit-declare').hidden = !missing;
  $('kit-declare-text').textContent = t.declare(definition.id);
  $('kit-declare-origins').textContent = `"origins": ${JSON.stringify(originsToDeclare(checks, allowed))}`;
}

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

async function selectForm(id) {
  definition = await getJson(`/api/forms/${encodeURIComponent(id)}`);
  renderOutputs();
  rebuildPreview();
}

async function loadPeople() {
  if (facts.mode !== 'dev') return;
  const people = await getJson('/api/dev/people');
  const anonymous = new Option(t.anonymous, '');
  controls.person.replaceChildren(anonymous, ...people.map((p) => new Option(`${p.name} (${p.id})`, p.id)));
  const remembered = document.cookie.match(/(?:^|;\s*)guichet_dev_user=([^;]*)/)?.[1];
  controls.person.value = people.some((p) => p.id === remembered) ? remembered : '';
  $('kit-person-row').hidden = false;
  $('kit-dev-note').hidden = false;
}

async function start() {
  $('kit-not-built').hidden = Boolean(facts.module);
  renderOutputs();
  try {
    await loadPeople();
    const { forms } = await getJson(`/api/forms?lang=${uiLang}`);
    controls.form.replaceChildren(...forms.map((f) => new Option(`${f.title} (${f.id})`, f.id)));
    const wanted = params.get('form');
    if (forms.some((f) => f.id === wanted)) controls.form.value = wanted;
    if (forms.length > 0) await selectForm(controls.form.value);
  } catch (error) {
    const problem = document.createElement('p');
    problem.className = 'problem';
    problem.setAttribute('role', 'alert');
    problem.textContent = `${t.loadError} (${error.message})`;
    $('kit-form').after(problem);
  }
}

controls.form.addEventListener('change', () => void selectForm(controls.form.value));
controls.lang.addEventListener('change', () => (renderOutputs(), rebuildPreview()));
controls.person.addEventListener('change', rebuildPreview);
for (const control of [controls.accent, controls.radius, controls.font, controls.spacing]) {
  control.addEventListener('input', () => (renderOutputs(), applyTheme()));
}
controls.pages.addEventListener('input', () => definition && renderPageChecks());

for (const button of document.querySelectorAll('[data-copy]')) {
  button.addEventListener('click', async () => {
    const source = $(button.dataset.copy);
    try {
      await navigator.clipboard.writeText(source.value);
    } catch {
      source.select(); // no clipboard access: selected, ready for Ctrl+C
      return;
    }
    button.textContent = t.copied;
    setTimeout(() => (button.textContent = t.copy), 2000);
  });
}

void start();
