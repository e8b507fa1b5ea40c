// The demo site's own chrome, on every page: the dev bar (who is signed in,
// which language, a link to the dev mailbox, the server's clock) and the
// translation of the site's texts. It runs before /embed/guichet.js (script
// order in <head>), so the Guichet elements already carry the remembered
// language when they upgrade. Everything is built with DOM APIs: the demo runs under
// `script-src 'self'; style-src 'self'` like a strict department CMS would.

import { pageText, uiText } from './i18n.js';

const LANGS = ['fr', 'en', 'de'];
const LANG_KEY = 'guichet-demo:lang';
const PERSON_COOKIE = 'guichet_dev_user';
/** Fired on document after the language changed (mail.js redraws on it). */
export const LANG_EVENT = 'guichet-demo-lang';
/** Fired on document after another demo person was chosen (the agents’ workspace is cloned by it, like every Guichet element). */
export const PERSON_EVENT = 'guichet-demo-person';
/** Fired on document after the clock control moved the server's clock: `detail: { now, closed }`. */
export const CLOCK_EVENT = 'guichet-demo-clock';

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

// The components get a `lang` of their own only once a visitor picks a language: until then the status
// and reopen pages follow the request's language (a German requester's link shows German on this French site).
function applyLanguage(lang, { remember } = { remember: false }) {
  document.documentElement.lang = lang;
  if (remember) for (const el of guichetElements()) el.setAttribute('lang', lang);
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
  root.append(bar.badge, personField, bar.personError, langs, bar.mailLink, bar.agentLink, buildClock());
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
  drawClock();
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

// ---- the clock control (dev mode): time travel for the closure sweep ----
//
// POST /api/dev/clock moves the server's clock and nothing else; the
// scheduled sweep would only notice at its next tick (every 5 minutes), so
// each step runs the sweep at once through the admin route and says what it
// closed. The sweep needs an admin: the dev header names Gina, the demo's
// admin, for that one request (the header wins over the person's cookie).

const CLOCK_STEPS = [1, 7, 31];
const SWEEPER = 'gina';
const DAY_MS = 86_400_000;
/** Elements that show a ticket's time-dependent state (closed, reopen window), or figures the sweep changes: fresh clones read it again. */
const TICKET_VIEWS = 'guichet-ticket-status, guichet-reopen, guichet-my-requests, guichet-queue-report';

const clock = {
  root: document.createElement('span'),
  label: document.createElement('span'),
  time: document.createElement('time'),
  steps: CLOCK_STEPS.map(() => document.createElement('button')),
  reset: document.createElement('button'),
  status: document.createElement('span'),
  /** Server time minus this browser's time, in ms; null until known. */
  offset: null,
  busy: false,
  /** The last announcement as a function of the language, so it follows a language switch. */
  said: null,
};

function buildClock() {
  const { root } = clock;
  root.className = 'devbar-clock';
  root.hidden = true; // until the dev clock answers
  root.setAttribute('role', 'group');
  clock.label.id = 'devbar-clock-label';
  clock.label.className = 'devbar-group-label';
  // The time is part of the group's name, so a screen reader hears it on entering the group.
  clock.time.id = 'devbar-clock-time';
  clock.time.className = 'devbar-clock-time';
  root.setAttribute('aria-labelledby', `${clock.label.id} ${clock.time.id}`);
  CLOCK_STEPS.forEach((days, i) => {
    const button = clock.steps[i];
    button.type = 'button';
    button.addEventListener('click', () => moveClock({ advance: `P${days}D` }, days));
  });
  clock.reset.type = 'button';
  clock.reset.addEventListener('click', () => moveClock({ set: new Date().toISOString() }, 0));
  clock.status.className = 'devbar-clock-status';
  clock.status.setAttribute('role', 'status');
  root.append(clock.label, clock.time, ...clock.steps, clock.reset, clock.status);
  return root;
}

function drawClock() {
  clock.label.textContent = t('clock.label');
  CLOCK_STEPS.forEach((days, i) => (clock.steps[i].textContent = t('clock.advance', days)));
  clock.reset.textContent = t('clock.reset');
  for (const button of [...clock.steps, clock.reset]) {
    // aria-disabled rather than disabled: the pressed button keeps keyboard focus.
    if (clock.busy) button.setAttribute('aria-disabled', 'true');
    else button.removeAttribute('aria-disabled');
  }
  if (clock.offset === null) {
    clock.time.removeAttribute('datetime');
    clock.time.textContent = t('clock.unknown');
  } else {
    const now = new Date(Date.now() + clock.offset);
    const format = new Intl.DateTimeFormat(currentLang(), { dateStyle: 'medium', timeStyle: 'short' });
    clock.time.dateTime = now.toISOString();
    clock.time.textContent = `${format.format(now)} (${t('clock.offset', Math.round(clock.offset / DAY_MS))})`;
  }
  clock.status.classList.toggle('devbar-clock-error', Boolean(clock.said?.error));
  clock.status.textContent = clock.said ? clock.said.text() : '';
}

function say(text, error = false) {
  clock.said = { text, error };
  drawClock();
}

/** POSTs JSON the way the API accepts from a page (never CORS-simple); throws the server's message. */
async function postJson(url, body, headers = {}) {
  const response = await fetch(`${url}${url.includes('?') ? '&' : '?'}lang=${currentLang()}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new Error(answer?.error?.message ?? `HTTP ${response.status}`);
  return answer;
}

function setServerNow(now) {
  const at = Date.parse(now);
  if (!Number.isNaN(at)) clock.offset = at - Date.now();
}

/** Moves the server's clock; after a step forward, sweeps and says which requests closed. */
async function moveClock(change, days) {
  if (clock.busy) return;
  clock.busy = true;
  // Emptied first, so the same words twice in a row are announced twice.
  clock.said = null;
  drawClock();
  let closed = [];
  try {
    setServerNow((await postJson('/api/dev/clock', change)).now);
    if (days > 0) {
      try {
        const result = await postJson('/api/admin/sweep', {}, { 'X-Guichet-Dev-User': SWEEPER });
        closed = (result?.closed ?? []).map((c) => c.number);
        say(() => `${t('clock.moved', days)} ${t('clock.closed', closed)}`);
      } catch (error) {
        say(() => `${t('clock.moved', days)} ${t('clock.sweepError', error.message)}`, true);
      }
    } else {
      say(() => t('clock.wasReset'));
    }
    // Pages that show a ticket ask again: it may be closed now, or past its reopen window; service figures count the sweep's closures.
    for (const el of document.querySelectorAll(TICKET_VIEWS)) el.replaceWith(el.cloneNode(true));
    document.dispatchEvent(new CustomEvent(CLOCK_EVENT, { detail: { now: new Date(Date.now() + clock.offset).toISOString(), closed } }));
  } catch (error) {
    say(() => t('clock.error', error.message), true);
  } finally {
    clock.busy = false;
    drawClock();
  }
}

async function loadClock() {
  try {
    // A zero step reads the clock without moving it (there is no GET).
    setServerNow((await postJson('/api/dev/clock', { advance: 'PT0S' })).now);
    if (clock.offset === null) return;
    clock.root.hidden = false;
    drawClock();
    // The server's clock keeps running from where it was moved: so does ours.
    setInterval(drawClock, 20_000);
  } catch (error) {
    // Production mode has no dev clock: the control stays hidden.
    console.info('Guichet demo: no dev clock', error);
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
applyLanguage(storedLang() ?? currentLang(), { remember: storedLang() !== null });
searchNotice();
loadPeople();
loadClock();
