// The dev mailbox: what Guichet "sent" in dev mode (GET /api/dev/mail).
//
// Mail content is untrusted data (a requester's words end up in it), so it
// never goes through innerHTML on this page: text is set with textContent,
// links are <a> elements built here for http(s) URLs only, and the HTML part
// is shown in a sandboxed srcdoc iframe without allow-scripts (an opaque
// origin that cannot touch this page or its cookies).

import { LANG_EVENT, currentLang, t } from './demo.js';

const els = {
  filter: document.getElementById('mail-filter'),
  refresh: document.getElementById('mail-refresh'),
  count: document.getElementById('mail-count'),
  list: document.getElementById('mail-list'),
  detail: document.getElementById('mail-detail'),
};

const state = {
  /** newest first */
  mails: [],
  loaded: false,
  loading: false,
  error: '',
  selectedId: new URLSearchParams(location.hash.slice(1)).get('mail') ?? '',
};

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (name === 'className') el.className = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  el.append(...children.flat().filter((c) => c != null));
  return el;
}

const addressList = (value) => (Array.isArray(value) ? value.join(', ') : String(value ?? ''));

function formatDate(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value ?? '');
  return new Intl.DateTimeFormat(currentLang(), { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

function matches(mail, query) {
  if (!query) return true;
  const haystack = [mail.subject, addressList(mail.to), mail.from, mail.text].join('\n').toLowerCase();
  return haystack.includes(query.toLowerCase());
}

// ---- text with links ----

// A URL ends at white space or at characters that cannot end one in prose.
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/g;
const TRAILING = /[.,;:!?)\]}»’”]+$/;

/** Appends `text` to `parent`, with http(s) URLs as real links. */
function appendLinkified(parent, text) {
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0].replace(TRAILING, '');
    const start = match.index;
    let url;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    parent.append(text.slice(last, start));
    // Links open in a new tab, as they would from a mail client.
    parent.append(h('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer' }, raw));
    last = start + raw.length;
  }
  parent.append(text.slice(last));
}

// ---- HTML part ----

const SAFE_LINK = /^(https?:|mailto:|#)/i;

/**
 * The mail's HTML for the frame, and what it holds back.
 *
 * A srcdoc frame inherits this page's Content-Security-Policy (CSP3 policy
 * container inheritance), so the mail's inline styles, remote images and
 * scripts would be refused anyway, each with a console violation. We take
 * them out first and say how many, like a mail client blocking remote content.
 *
 * Parsing happens in a <template>: its content is inert (nothing loads or
 * runs). Chromium still checks `style="…"` attributes against the CSP while
 * parsing, even in inert documents, so they are renamed in the tags first;
 * an attribute the simple tag pattern misses is merely refused by the CSP.
 */
function frameDocument(html) {
  const template = document.createElement('template');
  template.innerHTML = html.replace(/<[a-zA-Z][^<>]*>/g, (tag) => tag.replace(/(\s)style(\s*=)/gi, '$1data-held-style$2'));
  const content = template.content;
  const held = { styles: 0, remote: 0, scripts: 0 };
  for (const el of content.querySelectorAll('script')) {
    el.remove();
    held.scripts++;
  }
  for (const el of content.querySelectorAll('style, link')) {
    el.remove();
    if (el.localName === 'style' || /stylesheet/i.test(el.getAttribute('rel') ?? '')) held.styles++;
    else held.remote++;
  }
  for (const el of content.querySelectorAll('base, meta, title, iframe, frame, object, embed, video, audio, source')) {
    el.remove();
    if (!['base', 'meta', 'title'].includes(el.localName)) held.remote++;
  }
  for (const el of content.querySelectorAll('*')) {
    for (const { name, value } of [...el.attributes]) {
      if (name === 'data-held-style') {
        el.removeAttribute(name);
        held.styles++;
      } else if (name.startsWith('on')) {
        el.removeAttribute(name);
        held.scripts++;
      } else if (['src', 'srcset', 'background', 'poster'].includes(name) && !/^data:/i.test(value)) {
        el.removeAttribute(name);
        held.remote++;
      } else if (['href', 'action', 'formaction'].includes(name) && !SAFE_LINK.test(value.trim())) {
        el.removeAttribute(name);
      }
    }
  }
  // Serialised from a second template, so the nodes never enter this document.
  const out = document.createElement('template');
  out.content.append(content);
  const srcdoc = `<!doctype html>\n<html><head><meta charset="utf-8"><base target="_blank"></head><body>${out.innerHTML}</body></html>`;
  return { srcdoc, held };
}

// ---- drawing ----

function drawCount(shown) {
  if (state.error) els.count.textContent = t('mail.error', state.error);
  else if (!state.loaded) els.count.textContent = t('mail.loading');
  else els.count.textContent = t('mail.count', shown, state.mails.length);
  els.count.classList.toggle('mail-error', Boolean(state.error));
}

function drawList(visible) {
  if (!visible.length) {
    els.list.replaceChildren(h('p', { className: 'mail-empty' }, state.loaded ? t('mail.none') : t('mail.loading')));
    return;
  }
  const items = visible.map((mail) => {
    const button = h(
      'button',
      { type: 'button', 'aria-current': mail.id === state.selectedId ? 'true' : null },
      h('span', { className: 'mail-subject' }, mail.subject || t('mail.noSubject')),
      h('span', { className: 'mail-meta' }, `${t('mail.to')} ${addressList(mail.to)}`),
      h('span', { className: 'mail-meta' }, h('time', { datetime: mail.sentAt }, formatDate(mail.sentAt))),
    );
    button.addEventListener('click', () => select(mail.id));
    return h('li', {}, button);
  });
  els.list.replaceChildren(h('ul', { className: 'mail-list' }, items));
}

function drawDetail(mail) {
  if (!mail) {
    els.detail.replaceChildren(
      h('h2', { id: 'mail-detail-title' }, t('mail.detail.h2')),
      h('p', {}, t('mail.detail.empty')),
    );
    return;
  }

  const fields = h('dl', { className: 'mail-fields' });
  const field = (label, value) => {
    if (value == null || value === '') return;
    fields.append(h('dt', {}, label), h('dd', {}, value));
  };
  field(t('mail.from'), mail.from);
  field(t('mail.to'), addressList(mail.to));
  field(t('mail.replyTo'), mail.replyTo);
  field(t('mail.date'), h('time', { datetime: mail.sentAt }, formatDate(mail.sentAt)));
  field(t('mail.messageId'), mail.messageId);

  const headers = Object.entries(mail.headers ?? {});
  const headerTable = h(
    'details',
    { className: 'mail-headers' },
    h('summary', {}, t('mail.allHeaders', headers.length)),
    h(
      'table',
      {},
      h(
        'tbody',
        {},
        headers.map(([name, value]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, addressList(value)))),
      ),
    ),
  );

  let text;
  if (mail.text) {
    text = h('pre', { className: 'mail-text' });
    appendLinkified(text, mail.text);
  } else {
    text = h('p', {}, t('mail.noText'));
  }

  const html = [];
  if (mail.html) {
    const { srcdoc, held } = frameDocument(mail.html);
    const frame = h('iframe', {
      className: 'mail-html',
      title: t('mail.htmlFrame'),
      // No allow-scripts, no allow-same-origin: an inert, opaque document.
      // Popups may escape so the mail's links open like in a mail client.
      sandbox: 'allow-popups allow-popups-to-escape-sandbox',
      referrerpolicy: 'no-referrer',
    });
    frame.srcdoc = srcdoc;
    html.push(frame);
    if (held.styles + held.remote + held.scripts > 0) html.push(h('p', { className: 'mail-meta' }, t('mail.held', held)));
  } else {
    html.push(h('p', {}, t('mail.noHtml')));
  }

  els.detail.replaceChildren(
    h('h2', { id: 'mail-detail-title' }, mail.subject || t('mail.noSubject')),
    fields,
    ...(mail.replyTo ? [replyForm(mail)] : []),
    headerTable,
    h('h3', {}, t('mail.text')),
    text,
    h('h3', {}, t('mail.html')),
    ...html,
  );
}

/**
 * "Reply as the requester": the typed text (or, empty, a sample thank-you)
 * goes to POST /api/dev/mail/:id/reply, which makes it a real reply mail and
 * hands it to the same inbound path as the mail server's, so a visitor can try
 * the whole cycle. The answer says what the mail did.
 */
function replyForm(mail) {
  const status = h('p', { className: 'mail-meta', role: 'status' });
  const text = h('textarea', { id: 'mail-reply-text', name: 'text', rows: '4', 'aria-describedby': 'mail-reply-hint' });
  const button = h('button', { type: 'submit' }, t('mail.reply.send'));
  const form = h(
    'form',
    { className: 'mail-reply', 'aria-labelledby': 'mail-reply-title' },
    h('h3', { id: 'mail-reply-title' }, t('mail.reply.h3')),
    h('label', { for: 'mail-reply-text' }, t('mail.reply.label')),
    text,
    h('span', { id: 'mail-reply-hint', className: 'mail-meta' }, t('mail.reply.hint')),
    h('p', {}, button),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    status.textContent = t('mail.reply.sending');
    try {
      const response = await fetch(`/api/dev/mail/${encodeURIComponent(mail.id)}/reply`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ text: text.value, lang: currentLang() }),
      });
      const answer = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(answer?.error?.message ?? `HTTP ${response.status}`);
      status.textContent = t('mail.reply.done', answer.action, answer.ticket ?? '');
      text.value = '';
    } catch (error) {
      status.textContent = t('mail.reply.error', error instanceof Error ? error.message : String(error));
    } finally {
      button.removeAttribute('aria-disabled');
    }
  });
  return form;
}

function draw() {
  const query = els.filter.value.trim();
  const visible = state.mails.filter((mail) => matches(mail, query));
  drawCount(visible.length);
  drawList(visible);
  drawDetail(state.mails.find((mail) => mail.id === state.selectedId));
}

function select(id) {
  state.selectedId = id;
  history.replaceState(null, '', id ? `#mail=${encodeURIComponent(id)}` : location.pathname);
  draw();
  els.detail.querySelector('h2')?.setAttribute('tabindex', '-1');
  els.detail.querySelector('h2')?.focus();
}

async function load() {
  if (state.loading) return;
  state.loading = true;
  // aria-disabled rather than disabled: the button keeps keyboard focus.
  els.refresh.setAttribute('aria-disabled', 'true');
  try {
    const response = await fetch('/api/dev/mail', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (response.status === 404) throw new Error(t('mail.devOnly'));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const mails = await response.json();
    if (!Array.isArray(mails)) throw new Error('not a list');
    state.mails = mails.map((mail) => ({ ...mail, id: String(mail.id) })).reverse();
    state.error = '';
  } catch (error) {
    state.error = error instanceof Error ? error.message : String(error);
  } finally {
    state.loaded = true;
    state.loading = false;
    els.refresh.removeAttribute('aria-disabled');
  }
  // A selected mail that is gone (fresh data folder) is forgotten, not shown empty.
  if (state.selectedId && !state.mails.some((mail) => mail.id === state.selectedId)) state.selectedId = '';
  draw();
}

els.refresh.addEventListener('click', load);
els.filter.addEventListener('input', draw);
document.addEventListener(LANG_EVENT, draw);
draw();
load();
