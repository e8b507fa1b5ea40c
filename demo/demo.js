// The demo site's own chrome, on every page: the dev bar (who is signed in,
// which language, a link to the dev mailbox) and the translation of the
// site's texts. It runs before /embed/guichet.js (script order in <head>), so
// the Guichet elements already carry the remembered language when they
// upgrade. Everything is built with DOM APIs: the demo runs under
// `script-src 'self'; style-src 'self'` like a strict department CMS would.

import { pageText, uiText } from './i18n.js';

const LANGS = ['fr', 'en', 'de'];
const LANG_KEY = 'guichet-demo:lang';
const PERSON_COOKIE = 'guichet_dev_user';
/** Fired on document after the language changed (mail.js redraws on it). */
export const LANG_EVENT = 'guichet-demo-lang';
/** Fired on document after another demo person was chosen (agent.js reloads on it). */
export const PERSON_EVENT = 'guichet-demo-person';

export function currentLang() {
  const lang = document.documentElement.lang;
  return LANGS.includes(lang) ? lang : 'fr';
}

/** A demo UI string in the current language; plurals and slots are functions. */
export function t(key, ...args) {
  const value = uiText[currentLang()][key] ?? uiText.fr[key] ?? key;
  return typeof value === 'function' ? value(...args) : value;
}

function storedLang() {
  try {
    const lang = localStorage.getItem(LANG_KEY);
    return LANGS.includes(lang) ? lang : null;
  } catch {
    return null; // storage disabled (privacy mode): the page stays in French
  }
}

function guichetElements() {
  return [...document.body.querySelectorAll('*')].filter((el) => el.localName.startsWith('guichet-'));
}

// French is authored in the HTML; remember it the first time we replace it.
const frenchText = new WeakMap();
const frenchAttrs = new WeakMap();

function translatePage(lang) {
  const table = pageText[lang] ?? {};
  for (const el of document.querySelectorAll('[data-i18n]')) {
    if (!frenchText.has(el)) frenchText.set(el, el.textContent);
    const text = lang === 'fr' ? frenchText.get(el) : table[el.dataset.i18n];
    if (text !== undefined && el.textContent !== text) el.textContent = text;
  }
  // data-i18n-attr="aria-label:nav.label;title:some.key"
  for (const el of document.querySelectorAll('[data-i18n-attr]')) {
    let saved = frenchAttrs.get(el);
    if (!saved) frenchAttrs.set(el, (saved = {}));
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (!attr || !key) continue;
      if (!(attr in saved)) saved[attr] = el.getAttribute(attr);
      const text = lang === 'fr' ? saved[attr] : table[key];
      if (text != null) el.setAttribute(attr, text);
    }
  }
}

function applyLanguage(lang, { remember } = { remember: false }) {
  document.documentElement.lang = lang;
  for (const el of guichetElements()) el.setAttribute('lang', lang);
  translatePage(lang);
  if (remember) {
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch {
      // not remembered: fine for a demo
    }
  }
  document.dispatchEvent(new CustomEvent(LANG_EVENT, { detail: { lang } }));
}

/** The demo person's id from the identity cookie; '' when anonymous. */
export function currentPerson() {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === PERSON_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return '';
}

function choosePerson(id) {
  document.cookie = id
    ? `${PERSON_COOKIE}=${encodeURIComponent(id)}; path=/; SameSite=Lax`
    : `${PERSON_COOKIE}=; path=/; max-age=0; SameSite=Lax`;
  // The components asked "who am I / may I?" when they connected: fresh
  // clones ask again with the new cookie. Clones also drop a success panel.
  for (const el of guichetElements()) el.replaceWith(el.cloneNode(true));
  document.dispatchEvent(new CustomEvent(PERSON_EVENT, { detail: { id } }));
}

// ---- the dev bar ----

const bar = {
  root: document.createElement('div'),
  badge: document.createElement('span'),
  personField: document.createElement('span'),
  personLabel: document.createElement('label'),
  person: document.createElement('select'),
  personError: document.createElement('span'),
  langLabel: document.createElement('span'),
  langButtons: LANGS.map(() => document.createElement('button')),
  mailLink: document.createElement('a'),
  agentLink: document.createElement('a'),
  people: null,
};

function buildBar() {
  const { root } = bar;
  root.className = 'devbar';
  root.setAttribute('role', 'region');

  bar.badge.className = 'devbar-badge';

  const { personField } = bar;
  personField.className = 'devbar-field';
  personField.hidden = true; // until the people are known
  bar.person.id = 'devbar-person';
  bar.personLabel.htmlFor = bar.person.id;
  bar.person.addEventListener('change', () => choosePerson(bar.person.value));
  personField.append(bar.personLabel, bar.person);

  const langs = document.createElement('span');
  langs.className = 'devbar-langs';
  langs.setAttribute('role', 'group');
  bar.langLabel.id = 'devbar-lang-label';
  bar.langLabel.className = 'devbar-group-label';
  langs.setAttribute('aria-labelledby', bar.langLabel.id);
  langs.append(bar.langLabel);
  LANGS.forEach((lang, i) => {
    const button = bar.langButtons[i];
    button.type = 'button';
    button.lang = lang;
    button.textContent = lang.toUpperCase();
    button.title = { fr: 'Français', en: 'English', de: 'Deutsch' }[lang];
    button.addEventListener('click', () => applyLanguage(lang, { remember: true }));
    langs.append(button);
  });

  bar.mailLink.href = '/mail.html';
  bar.mailLink.hidden = true;
  if (location.pathname === '/mail.html') bar.mailLink.setAttribute('aria-current', 'page');
  bar.agentLink.href = '/agent.html';
  bar.agentLink.hidden = true;
  if (location.pathname === '/agent.html') bar.agentLink.setAttribute('aria-current', 'page');

  bar.personError.hidden = true;
  root.append(bar.badge, personField, bar.personError, langs, bar.mailLink, bar.agentLink);
  // After the skip link, so that link stays the first thing a keyboard reaches.
  const skip = document.querySelector('.skip-link');
  if (skip) skip.after(root);
  else document.body.prepend(root);
}

function personLabel(person) {
  const parts = [(person.affiliations ?? []).map((a) => t(`aff.${a}`)).join(', ')];
  if (person.agentOf?.length) parts.push(t('bar.agent', person.agentOf.join(', ')));
  if (person.admin) parts.push(t('bar.admin'));
  return `${person.name} — ${parts.filter(Boolean).join(' · ')}`;
}

function drawBarTexts() {
  bar.root.setAttribute('aria-label', t('bar.label'));
  bar.badge.textContent = t('bar.badge');
  bar.personLabel.textContent = t('bar.person');
  bar.personError.textContent = t('bar.peopleError');
  bar.langLabel.textContent = t('bar.language');
  bar.mailLink.textContent = t('bar.mail');
  bar.agentLink.textContent = t('bar.agents');
  const lang = currentLang();
  LANGS.forEach((l, i) => bar.langButtons[i].setAttribute('aria-pressed', String(l === lang)));
  if (bar.people) drawPeople();
}

function drawPeople() {
  const selected = currentPerson();
  const options = [new Option(t('bar.anonymous'), '')];
  for (const person of bar.people) options.push(new Option(personLabel(person), person.id));
  bar.person.replaceChildren(...options);
  bar.person.value = bar.people.some((p) => p.id === selected) ? selected : '';
}

async function loadPeople() {
  try {
    const response = await fetch('/api/dev/people', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const people = await response.json();
    if (!Array.isArray(people)) throw new Error('not a list');
    bar.people = people;
    drawPeople();
    bar.personField.hidden = false;
    bar.mailLink.hidden = false;
    bar.agentLink.hidden = false;
  } catch (error) {
    // Production mode has no dev routes: the bar keeps the language switch.
    console.info('Guichet demo: no dev people', error);
    bar.personError.hidden = false;
  }
}

// ---- the site's search box (decoration: the demo has nothing to search) ----

function searchNotice() {
  const query = new URLSearchParams(location.search).get('q');
  if (!query) return;
  const input = document.getElementById('site-search-q');
  if (input) input.value = query;
  const notice = document.createElement('p');
  notice.className = 'notice';
  notice.setAttribute('role', 'status');
  const draw = () => (notice.textContent = t('search.notice', query));
  draw();
  document.addEventListener(LANG_EVENT, draw);
  document.getElementById('main')?.prepend(notice);
}

buildBar();
document.addEventListener(LANG_EVENT, drawBarTexts);
applyLanguage(storedLang() ?? currentLang());
searchNotice();
loadPeople();
