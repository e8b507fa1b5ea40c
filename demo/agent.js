// The agents' panel of the demo (agent.html): the stand-in for the future
// agent workspace (dist/agent/), talking to the agent API directly.
//
// Ticket data is untrusted (requesters wrote it), so it never goes through
// innerHTML: everything is built with DOM APIs and textContent, and the page
// runs under `script-src 'self'; style-src 'self'` like the rest of the demo.
//
// State lives in the URL fragment (`#queue=purchasing&ticket=2026-000001`), so
// a ticket is a link: keyboard, back button and reload all work. The queue's
// live stream (text/event-stream, read with fetch so the identity cookie goes
// along) tells us when something changed; we then re-read the list, the counts
// and the open ticket, which keeps a single source of truth: the API.

import { LANG_EVENT, PERSON_EVENT, currentLang, currentPerson, t } from './demo.js';

const ACTIVE_STATES = ['new', 'open', 'pending', 'appointment', 'pending_auto_close'];
const FILTERS = { active: ACTIVE_STATES, todo: ['new', 'open'], all: null };
/** Changes often come in bursts (an action, then its mail): one reload for them all. */
const REFRESH_DELAY_MS = 150;
const RECONNECT_DELAY_MS = 3_000;

const $ = (id) => document.getElementById(id);
const els = {
  alert: $('agent-alert'),
  status: $('agent-status'),
  notice: $('agent-notice'),
  noticeText: $('agent-notice-text'),
  pick: $('agent-pick'),
  workspace: $('agent-workspace'),
  queueList: $('agent-queue-list'),
  ticketsTitle: $('agent-tickets-title'),
  filter: $('agent-filter'),
  live: $('agent-live'),
  tickets: $('agent-tickets'),
  ticket: $('agent-ticket'),
  ticketTitle: $('agent-ticket-title'),
  facts: $('agent-facts'),
  data: $('agent-data'),
  lockText: $('agent-lock-text'),
  lock: $('agent-lock'),
  unlock: $('agent-unlock'),
  takeOver: $('agent-takeover'),
  timeline: $('agent-timeline'),
  approveForm: $('agent-approve-form'),
  confirm: $('agent-confirm'),
  replyForm: $('agent-reply-form'),
  reply: $('agent-reply'),
  noteForm: $('agent-note-form'),
  note: $('agent-note'),
  stateForm: $('agent-state-form'),
  state: $('agent-state'),
  until: $('agent-until'),
  untilError: $('agent-until-error'),
  rejectForm: $('agent-reject-form'),
  reason: $('agent-reason'),
};

const state = {
  /** null until known; [] for a person who is no agent */
  queues: null,
  queueId: '',
  tickets: [],
  ticketsLoaded: false,
  /** the open ticket (AgentTicket with events) */
  ticket: null,
  /** formId@version → definition | null */
  forms: new Map(),
  /** what the approval checkboxes were drawn for, so a redraw keeps their ticks */
  confirmKey: '',
  live: 'off',
  busy: false,
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

function formatDate(value) {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(currentLang(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

const time = (value) => h('time', { datetime: value }, formatDate(value));

// ---- the API ----

class ApiProblem extends Error {
  constructor(status, message, error = {}) {
    super(message);
    this.status = status;
    this.code = error.code ?? '';
    this.fields = error.fields ?? {};
    this.lockedBy = error.lockedBy ?? null;
  }
}

async function api(path, { method = 'GET', body } = {}) {
  const url = new URL(`/api${path}`, location.origin);
  url.searchParams.set('lang', currentLang());
  const headers = { accept: 'application/json' };
  // Every POST carries JSON, even lock/unlock: a CORS-simple POST is refused (API.md, "Forgery").
  if (method !== 'GET') headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, credentials: 'same-origin', body: method === 'GET' ? undefined : JSON.stringify(body ?? {}) });
  } catch {
    throw new ApiProblem(0, t('agent.error.network'));
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data?.error ?? {};
    throw new ApiProblem(response.status, error.message || `HTTP ${response.status}`, error);
  }
  return data;
}

// ---- messages ----

function showError(error) {
  const problem = error instanceof ApiProblem ? error : new ApiProblem(0, String(error?.message ?? error));
  const lines = [problem.message];
  for (const [field, messages] of Object.entries(problem.fields)) lines.push(t('agent.error.field', field, messages.join(' ')));
  els.alert.replaceChildren(...lines.map((line) => h('p', {}, line)));
  els.status.textContent = '';
  return problem;
}

function clearMessages() {
  els.alert.replaceChildren();
  els.status.textContent = '';
}

function announce(text) {
  els.alert.replaceChildren();
  els.status.textContent = text;
}

// ---- URL fragment ----

function fragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  return { queue: params.get('queue') ?? '', ticket: params.get('ticket') ?? '' };
}

function fragmentFor(queue, ticket) {
  const params = new URLSearchParams();
  if (queue) params.set('queue', queue);
  if (ticket) params.set('ticket', ticket);
  return `#${params}`;
}

// ---- queues ----

const stateWord = (s) => t(`agent.state.${s}`);

function drawQueues() {
  const items = (state.queues ?? []).map((queue) => {
    const counts = ['new', 'open', 'pending', 'appointment', 'pending_auto_close', 'closed']
      .filter((s) => queue.counts?.[s])
      .map((s) => t('agent.count', stateWord(s), queue.counts[s]));
    const link = h(
      'a',
      { href: fragmentFor(queue.id, ''), 'aria-current': queue.id === state.queueId ? 'true' : null },
      h('span', { className: 'agent-queue-name' }, queue.name),
      h('span', { className: 'agent-meta' }, counts.length ? counts.join(' · ') : t('agent.count.none')),
    );
    return h('li', {}, link);
  });
  els.queueList.replaceChildren(...items);
}

async function loadQueues() {
  const { queues } = await api('/agent/queues');
  state.queues = queues;
  drawQueues();
}

// ---- the queue's tickets ----

function drawTicketsTitle() {
  const queue = state.queues?.find((q) => q.id === state.queueId);
  els.ticketsTitle.textContent = queue ? t('agent.tickets.h2', queue.name) : t('agent.tickets.h2', '');
}

function lockWords(lockedBy) {
  if (!lockedBy) return t('agent.lock.free');
  return lockedBy.id === currentPerson() ? t('agent.lock.you', lockedBy.name) : lockedBy.name;
}

function drawTickets() {
  drawTicketsTitle();
  if (!state.ticketsLoaded) {
    els.tickets.replaceChildren(h('p', { className: 'agent-meta' }, t('agent.loading')));
    return;
  }
  if (!state.tickets.length) {
    els.tickets.replaceChildren(h('p', { className: 'agent-meta' }, t('agent.tickets.none')));
    return;
  }
  const selected = state.ticket?.number ?? fragment().ticket;
  const head = ['number', 'title', 'requester', 'state', 'activity', 'lock'].map((key) => h('th', { scope: 'col' }, t(`agent.col.${key}`)));
  const rows = state.tickets.map((ticket) =>
    h(
      'tr',
      { className: ticket.number === selected ? 'agent-selected' : null, 'data-number': ticket.number },
      h(
        'th',
        { scope: 'row' },
        h('a', { href: fragmentFor(state.queueId, ticket.number), 'aria-current': ticket.number === selected ? 'true' : null }, ticket.number),
      ),
      h('td', {}, ticket.title),
      h('td', {}, ticket.requester?.name ?? ''),
      h('td', {}, ticket.stateLabel),
      h('td', {}, time(ticket.lastActivityAt)),
      h('td', {}, lockWords(ticket.lockedBy)),
    ),
  );
  els.tickets.replaceChildren(
    h('table', { className: 'agent-table' }, h('caption', {}, t('agent.tickets.caption', state.tickets.length)), h('thead', {}, h('tr', {}, head)), h('tbody', {}, rows)),
  );
}

let ticketsLoad = 0;
async function loadTickets() {
  const id = ++ticketsLoad;
  const queueId = state.queueId;
  if (!queueId) return;
  const states = FILTERS[els.filter.value] ?? ACTIVE_STATES;
  const query = states ? `?state=${states.join(',')}` : '';
  const { tickets } = await api(`/agent/queues/${encodeURIComponent(queueId)}/tickets${query}`);
  if (id !== ticketsLoad || queueId !== state.queueId) return;
  state.tickets = tickets;
  state.ticketsLoaded = true;
  drawTickets();
}

// ---- the live stream ----

let stream = null;

function drawLive() {
  els.live.textContent = t(`agent.live.${state.live}`);
  els.live.classList.toggle('agent-live-on', state.live === 'on');
}

function setLive(value) {
  state.live = value;
  drawLive();
}

/** Reads `event: ticket` blocks from a text/event-stream body until it ends. */
async function readEvents(body, onTicket) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue; // heartbeat comment
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = text;
        else if (field === 'data') data.push(text);
      }
      if (event === 'ticket' && data.length) {
        try {
          onTicket(JSON.parse(data.join('\n')));
        } catch {
          // a malformed event is skipped; the next one brings the truth anyway
        }
      }
    }
  }
}

function follow(queueId) {
  stream?.abort();
  const controller = new AbortController();
  stream = controller;
  setLive('connecting');
  const run = async () => {
    try {
      const response = await fetch(`/api/agent/queues/${encodeURIComponent(queueId)}/live`, {
        headers: { accept: 'text/event-stream' },
        credentials: 'same-origin',
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      await readEvents(response.body, (event) => {
        if (Array.isArray(event.tickets)) setLive('on'); // the first event: the queue as it is now
        else scheduleRefresh(event.number);
      });
    } catch {
      // aborted, or the connection failed: handled below
    }
    if (controller.signal.aborted) return;
    setLive('lost');
    setTimeout(() => {
      if (!controller.signal.aborted) {
        follow(queueId);
        scheduleRefresh(); // what changed while we were away
      }
    }, RECONNECT_DELAY_MS);
  };
  void run();
}

let refreshTimer = 0;
const changed = new Set();
function scheduleRefresh(number) {
  if (number) changed.add(number);
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    const numbers = new Set(changed);
    changed.clear();
    try {
      await Promise.all([
        loadTickets(),
        loadQueues(),
        state.ticket && (numbers.size === 0 || numbers.has(state.ticket.number)) ? loadTicket(state.ticket.number, { quiet: true }) : null,
      ]);
    } catch (error) {
      showError(error);
    }
  }, REFRESH_DELAY_MS);
}

// ---- one ticket ----

async function formDefinition(ticket) {
  const key = `${ticket.formId}@${ticket.formVersion}`;
  if (!state.forms.has(key)) {
    // Labels are a nicety: without them the data shows under the field ids.
    state.forms.set(key, await api(`/forms/${encodeURIComponent(ticket.formId)}`).catch(() => null));
  }
  return state.forms.get(key);
}

function fieldOf(definition, id) {
  return Array.isArray(definition?.fields) ? definition.fields.find((f) => f.id === id) : undefined;
}

function fieldLabel(definition, id) {
  return fieldOf(definition, id)?.label?.[currentLang()] ?? id;
}

function formatValue(value, field) {
  if (Array.isArray(value)) return value.map((v) => formatValue(v, field)).join(', ');
  if (typeof value === 'boolean') return value ? t('agent.yes') : t('agent.no');
  if (typeof value === 'number') return new Intl.NumberFormat(currentLang()).format(value);
  const option = field?.options?.find((o) => o.value === value);
  if (option) return option.label?.[currentLang()] ?? String(value);
  return value == null ? '' : String(value);
}

function queueName(id) {
  return state.queues?.find((q) => q.id === id)?.name ?? id;
}

function drawFacts(ticket) {
  const facts = [
    [t('agent.fact.requester'), `${ticket.requester.name} <${ticket.requester.email}>${ticket.requester.affiliations?.length ? ` — ${ticket.requester.affiliations.map((a) => t(`aff.${a}`)).join(', ')}` : ''}`],
    [t('agent.fact.state'), ticket.stateLabel],
    [t('agent.fact.queue'), queueName(ticket.queueId)],
    [t('agent.fact.created'), time(ticket.createdAt)],
    [t('agent.fact.activity'), time(ticket.lastActivityAt)],
    ticket.pendingUntil && [t(ticket.state === 'appointment' ? 'agent.fact.appointment' : 'agent.fact.pendingUntil'), time(ticket.pendingUntil)],
    ticket.autoCloseAt && [t('agent.fact.autoClose'), time(ticket.autoCloseAt)],
    ticket.closedAt && [t('agent.fact.closed'), time(ticket.closedAt)],
    [t('agent.fact.lock'), lockWords(ticket.lockedBy)],
  ].filter(Boolean);
  els.facts.replaceChildren(...facts.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))));
}

function drawData(ticket, definition) {
  const fields = Array.isArray(definition?.fields) ? definition.fields.map((f) => f.id) : [];
  const keys = [...fields.filter((k) => k in ticket.data), ...Object.keys(ticket.data).filter((k) => !fields.includes(k))];
  els.data.replaceChildren(
    ...keys.map((key) =>
      h(
        'div',
        {},
        h('dt', {}, fieldLabel(definition, key), ' ', h('code', { className: 'agent-field-id' }, key)),
        h('dd', {}, formatValue(ticket.data[key], fieldOf(definition, key))),
      ),
    ),
  );
}

function drawLock(ticket) {
  const mine = ticket.lockedBy?.id === currentPerson();
  els.lockText.textContent = !ticket.lockedBy ? t('agent.lock.freeText') : mine ? t('agent.lock.mineText') : t('agent.lock.otherText', ticket.lockedBy.name);
  els.lock.hidden = Boolean(ticket.lockedBy);
  els.unlock.hidden = !mine;
  els.takeOver.hidden = !ticket.lockedBy || mine;
}

function eventSummary(event) {
  const data = event.data ?? {};
  switch (event.type) {
    case 'state_changed': {
      const parts = [t('agent.event.stateFromTo', stateWord(data.from), stateWord(data.to))];
      if (data.until) parts.push(t('agent.event.until', formatDate(data.until)));
      return parts.join(' ');
    }
    case 'approved':
      return data.autoCloseAt ? t('agent.event.autoCloseAt', formatDate(data.autoCloseAt)) : '';
    case 'lock_taken_over':
      return data.from?.name ? t('agent.event.takenFrom', data.from.name) : '';
    case 'moved':
      return t('agent.event.movedFromTo', queueName(data.from), queueName(data.to));
    case 'requester_message':
      return data.to ? t('agent.event.messageReopened') : '';
    default:
      return '';
  }
}

function drawTimeline(ticket) {
  const items = ticket.events.map((event) => {
    const known = t(`agent.event.${event.type}`);
    const head = h(
      'p',
      { className: 'agent-event-head' },
      h('strong', {}, known === `agent.event.${event.type}` ? event.type : known),
      event.public ? null : h('span', { className: 'agent-internal' }, t('agent.internal')),
      event.author ? ` — ${event.author}` : null,
      ' · ',
      time(event.at),
    );
    const summary = eventSummary(event);
    return h(
      'li',
      { className: event.public ? null : 'agent-event-internal' },
      head,
      summary ? h('p', { className: 'agent-meta' }, summary) : null,
      event.body ? h('p', { className: 'agent-event-body' }, event.body) : null,
    );
  });
  els.timeline.replaceChildren(...items);
}

function drawApproval(ticket, definition) {
  const show = Boolean(ticket.approval) && !['pending_auto_close', 'closed'].includes(ticket.state);
  els.approveForm.hidden = !show;
  if (!show) {
    state.confirmKey = '';
    return;
  }
  const lang = currentLang();
  const key = JSON.stringify([ticket.number, lang, ticket.approval.confirm, ticket.approval.confirm.map((f) => ticket.data[f])]);
  if (key === state.confirmKey) return;
  const ticked = new Set(state.confirmKey && JSON.parse(state.confirmKey)[0] === ticket.number ? [...els.confirm.querySelectorAll('input:checked')].map((i) => i.name) : []);
  state.confirmKey = key;
  els.confirm.replaceChildren(
    ...ticket.approval.confirm.map((field) => {
      const id = `agent-confirm-${field}`;
      const value = formatValue(ticket.data[field], fieldOf(definition, field));
      const specific = t(`agent.confirm.${field}`, value);
      const label = specific === `agent.confirm.${field}` ? t('agent.confirm', fieldLabel(definition, field), value) : specific;
      return h(
        'div',
        { className: 'agent-check' },
        h('input', { type: 'checkbox', id, name: field, checked: ticked.has(field), 'aria-describedby': `${id}-error` }),
        h('label', { for: id }, label),
        h('span', { id: `${id}-error`, className: 'agent-field-error' }),
      );
    }),
  );
}

function drawTicket() {
  const ticket = state.ticket;
  els.ticket.hidden = !ticket;
  if (!ticket) return;
  const definition = state.forms.get(`${ticket.formId}@${ticket.formVersion}`);
  els.ticketTitle.textContent = t('agent.ticket.h2', ticket.number, ticket.title);
  drawFacts(ticket);
  drawData(ticket, definition);
  drawLock(ticket);
  drawTimeline(ticket);
  drawApproval(ticket, definition);
}

let ticketLoad = 0;
async function loadTicket(number, { quiet = false, focus = false } = {}) {
  const id = ++ticketLoad;
  try {
    const ticket = await api(`/agent/tickets/${encodeURIComponent(number)}`);
    await formDefinition(ticket);
    if (id !== ticketLoad) return;
    state.ticket = ticket;
  } catch (error) {
    if (id !== ticketLoad) return;
    state.ticket = null;
    if (!quiet || error.status !== 404) showError(error);
  }
  drawTicket();
  drawTickets();
  if (focus && state.ticket) els.ticketTitle.focus();
}

// ---- actions ----

/** Runs one action on the open ticket; the answer is the updated ticket. */
async function act(path, body, done) {
  const ticket = state.ticket;
  if (!ticket || state.busy) return false;
  state.busy = true;
  els.ticket.setAttribute('aria-busy', 'true');
  try {
    const updated = await api(`/agent/tickets/${encodeURIComponent(ticket.number)}/${path}`, { method: 'POST', body });
    if (state.ticket?.number === updated.number) state.ticket = updated;
    drawTicket();
    announce(done(updated));
    scheduleRefresh(); // the stream will say so too; this covers a stream that is down
    return true;
  } catch (error) {
    const problem = showError(error);
    // Someone else holds the lock, or the ticket moved on: show it as it is now.
    if (problem.status === 409 || problem.status === 403) await loadTicket(ticket.number, { quiet: true });
    showError(problem);
    return false;
  } finally {
    state.busy = false;
    els.ticket.removeAttribute('aria-busy');
  }
}

els.lock.addEventListener('click', () => act('lock', {}, () => t('agent.done.lock')));
els.unlock.addEventListener('click', () => act('unlock', {}, () => t('agent.done.unlock')));
els.takeOver.addEventListener('click', () => act('lock', { takeOver: true }, () => t('agent.done.takeOver')));

els.replyForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = els.reply.value.trim();
  if (!body) return els.reply.focus();
  if (await act('replies', { body }, (tk) => t('agent.done.reply', tk.requester.name))) els.reply.value = '';
});

els.noteForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = els.note.value.trim();
  if (!body) return els.note.focus();
  if (await act('notes', { body }, () => t('agent.done.note'))) els.note.value = '';
});

els.rejectForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const reason = els.reason.value.trim();
  if (!reason) return els.reason.focus();
  if (await act('reject', { reason }, () => t('agent.done.reject'))) els.reason.value = '';
});

function fieldError(input, errorEl, message) {
  errorEl.textContent = message ?? '';
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

els.approveForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const boxes = [...els.confirm.querySelectorAll('input[type="checkbox"]')];
  const missing = boxes.filter((box) => !box.checked);
  for (const box of boxes) fieldError(box, $(`${box.id}-error`), box.checked ? '' : t('agent.confirm.required'));
  if (missing.length) {
    showError(new ApiProblem(0, t('agent.confirm.missing')));
    missing[0].focus();
    return;
  }
  const confirm = Object.fromEntries(boxes.map((box) => [box.name, true]));
  await act('approve', { confirm }, (tk) => t('agent.done.approve', formatDate(tk.autoCloseAt)));
});

els.stateForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const target = els.state.value;
  const local = els.until.value;
  const needsDate = target === 'appointment' || target === 'pending_auto_close';
  if (needsDate && !local) {
    fieldError(els.until, els.untilError, t('agent.until.required'));
    els.until.focus();
    return;
  }
  fieldError(els.until, els.untilError, '');
  // datetime-local has no zone: it is the agent's wall clock, as the browser knows it.
  const date = local ? new Date(local) : null;
  if (date && Number.isNaN(date.getTime())) {
    fieldError(els.until, els.untilError, t('agent.until.invalid'));
    els.until.focus();
    return;
  }
  const withDate = date && (needsDate || target === 'pending');
  const body = withDate ? { state: target, until: date.toISOString() } : { state: target };
  if (await act('state', body, (tk) => t('agent.done.state', tk.stateLabel))) els.until.value = '';
});

els.until.addEventListener('input', () => fieldError(els.until, els.untilError, ''));
els.confirm.addEventListener('change', (event) => {
  const box = event.target;
  if (box instanceof HTMLInputElement && box.checked) fieldError(box, $(`${box.id}-error`), '');
});

// ---- the page as a whole ----

function showNotice(text) {
  els.workspace.hidden = true;
  els.notice.hidden = false;
  els.noticeText.textContent = text;
  stream?.abort();
  stream = null;
}

/** Follows the fragment: which queue, which ticket. */
async function route({ focus = false } = {}) {
  if (!state.queues?.length) return;
  const wanted = fragment();
  const queueId = state.queues.some((q) => q.id === wanted.queue) ? wanted.queue : state.queues[0].id;
  if (queueId !== state.queueId) {
    state.queueId = queueId;
    state.tickets = [];
    state.ticketsLoaded = false;
    drawQueues();
    drawTickets();
    follow(queueId);
    await loadTickets().catch(showError);
  }
  if (wanted.ticket && wanted.ticket !== state.ticket?.number) {
    clearMessages();
    state.confirmKey = '';
    await loadTicket(wanted.ticket, { focus });
  } else if (!wanted.ticket && state.ticket) {
    state.ticket = null;
    drawTicket();
    drawTickets();
  }
}

async function start() {
  stream?.abort();
  stream = null;
  Object.assign(state, { queues: null, queueId: '', tickets: [], ticketsLoaded: false, ticket: null, confirmKey: '' });
  clearMessages();
  drawTicket();
  if (!currentPerson()) return showNotice(t('agent.notice.anonymous'));
  try {
    await loadQueues();
  } catch (error) {
    if (error.status === 401) return showNotice(t('agent.notice.anonymous'));
    return showError(error);
  }
  if (!state.queues.length) return showNotice(t('agent.notice.notAgent'));
  els.notice.hidden = true;
  els.workspace.hidden = false;
  await route();
}

function redraw() {
  drawQueues();
  drawTickets();
  drawTicket();
  drawLive();
  if (!els.notice.hidden) els.noticeText.textContent = t(currentPerson() ? 'agent.notice.notAgent' : 'agent.notice.anonymous');
}

els.pick.addEventListener('click', () => $('devbar-person')?.focus());
els.filter.addEventListener('change', () => loadTickets().catch(showError));
window.addEventListener('hashchange', () => void route({ focus: true }));
document.addEventListener(PERSON_EVENT, () => void start());
// Queue names, titles and state labels come from the API in the page's language.
document.addEventListener(LANG_EVENT, () => {
  clearMessages(); // they were in the previous language
  redraw();
  if (state.queues?.length) scheduleRefresh();
});
redraw();
void start();
