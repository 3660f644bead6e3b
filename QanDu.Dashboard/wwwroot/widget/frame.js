/* QanDu chat widget frame: vanilla ES2020, no build step. Talks to the visitor API (/api/widget/v1) and hub (/hubs/widget)
 * of the app that serves it, and to the loader (widget.js) on the host page through postMessage. */
(() => {
  'use strict';
  const API = '/api/widget/v1';
  const body = document.body;
  const websiteToken = body.dataset.websiteToken || '';
  const allowedOrigins = JSON.parse(body.dataset.allowedOrigins || '[]');
  const app = document.getElementById('qd-app');
  const EMOJI = '😀 😃 😄 😁 😊 😉 😍 😘 😎 🤔 😐 😕 😢 😭 😡 😱 🙄 😴 🤗 🙏 👍 👎 👌 👋 👏 💪 🙌 ✌️ 🤝 ❤️ 💔 🔥 ⭐ 🎉 ✅ ❌ ⚠️ 💡 📎 📦 🚀 ☕'.split(' ');

  // ---- storage: the app's origin's localStorage, one key per website token (and contact for the outbox) ----
  const memory = {};
  const store = {
    get(key) {
      try { return JSON.parse(localStorage.getItem(key)); } catch { return memory[key] ?? null; }
    },
    set(key, value) {
      memory[key] = value;
      try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* storage blocked: this page load only */ }
    },
    remove(key) {
      delete memory[key];
      try { localStorage.removeItem(key); } catch { /* ignore */ }
    },
  };
  const visitorKey = `qandu:${websiteToken}:visitor`;
  const outboxKey = () => `qandu:${websiteToken}:${s.contactId}:outbox`;

  const s = {
    host: null, page: null, identity: null, attributes: {},
    visitorToken: null, contactId: null, channel: null, contact: {}, conversations: [],
    messages: new Map(), hasMore: new Map(), seenUpTo: new Map(), readSent: new Map(), typing: new Map(),
    newConversations: new Map(), current: null, view: 'loading', open: false, connection: 'connecting',
    outbox: [], attachments: [], error: null, ratingAsked: new Set(),
    handedOff: new Map(), help: { query: '', state: 'idle', articles: [] }, article: null,
  };

  // ---- DOM helpers: text always through textContent; only the server's sanitized html goes in as HTML ----
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value == null || value === false) continue;
      if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else el.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat()) if (child != null && child !== false) el.append(child);
    return el;
  }
  function paperclip() {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '20');
    svg.setAttribute('height', '20');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('d', 'M16.5 6v11.5a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10.5a1 1 0 0 1-2 0V6H10v9.5a2.5 2.5 0 0 0 5 0V5a4 4 0 0 0-8 0v12.5a5.5 5.5 0 0 0 11 0V6h-1.5z');
    svg.append(path);
    return svg;
  }
  const initials = (name) => (name || '?').split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');
  const time = (iso) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  const size = (bytes) => bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
  const uuid = () => crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;

  // ---- the loader on the host page ----
  function toHost(message) {
    if (s.host) parent.postMessage({ qandu: 1, ...message }, s.host);
  }

  addEventListener('message', (event) => {
    const data = event.data;
    // Only the parent page, and only when its origin is one the channel allows (frame-ancestors says the same).
    if (event.source !== parent || !allowedOrigins.includes(event.origin) || !data || data.qandu !== 1) return;
    if (s.host && event.origin !== s.host) return;
    switch (data.type) {
      case 'init':
        if (s.host) return;
        s.host = event.origin;
        s.page = data.page;
        s.identity = data.identity || null;
        s.attributes = data.attributes || {};
        start();
        break;
      case 'open': s.open = true; render(); focusFirst(); markRead(); break;
      case 'close': s.open = false; break;
      case 'identify': s.identity = data.identity; session().then(afterSession).catch(showError); break;
      case 'attributes': s.attributes = data.attributes || {}; session().catch(showError); break;
      case 'page':
        s.page = data.page;
        if (hub && hub.state === 'Connected') hub.invoke('Page', s.page.url, s.page.title).catch(() => {});
        break;
    }
  });

  // ---- HTTP: the visitor API, with the host page's origin named for the server's origin check ----
  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || `The server answered ${status}.`);
      this.status = status;
      this.problem = problem;
    }
  }

  async function call(method, path, payload) {
    const headers = { 'X-Widget-Host': s.host || '' };
    if (s.visitorToken) headers.Authorization = `Bearer ${s.visitorToken}`;
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(API + path, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = new ApiError(response.status, json);
      error.retryAfter = Number(response.headers.get('Retry-After')) * 1000 || 0;
      throw error;
    }
    return json;
  }

  async function session(extra) {
    const payload = { websiteToken, visitorToken: s.visitorToken || undefined, page: s.page || undefined, attributes: s.attributes, ...extra };
    if (s.identity) {
      payload.identifier = s.identity.id;
      payload.identifierHash = s.identity.hash || undefined;
      payload.name = payload.name || s.identity.name || undefined;
      payload.email = payload.email || s.identity.email || undefined;
    }
    let result;
    try {
      result = await call('POST', '/session', payload);
    } catch (error) {
      // A forgotten or revoked visitor token: start as a new visitor rather than never at all.
      if (!(error instanceof ApiError) || error.status !== 401 || !s.visitorToken || s.identity) throw error;
      s.visitorToken = null;
      store.remove(visitorKey);
      result = await call('POST', '/session', { ...payload, visitorToken: undefined });
    }
    const contactChanged = s.contactId !== result.contactId;
    s.visitorToken = result.visitorToken;
    s.contactId = result.contactId;
    s.channel = result.channel;
    s.contact = result.contact || {};
    s.conversations = result.conversations || [];
    store.set(visitorKey, { token: s.visitorToken, contactId: s.contactId });
    if (contactChanged) {
      s.outbox = store.get(outboxKey()) || [];
      s.messages.clear();
      s.current = null;
      if (hub) hub.stop().catch(() => {}); // the hub speaks for one visitor token
    }
    return result;
  }

  // ---- start-up ----
  let started = false;
  async function start() {
    const saved = store.get(visitorKey);
    if (saved && saved.token) { s.visitorToken = saved.token; s.contactId = saved.contactId; }
    let delay = 1000;
    for (;;) {
      try {
        await session();
        break;
      } catch (error) {
        // Refused for good (unknown channel, identity not verified): say so. Offline, busy or rate limited: try again.
        if (error instanceof ApiError && !retryable(error.status)) { showError(error); return; }
        s.connection = navigator.onLine ? 'reconnecting' : 'offline';
        render();
        await sleep(Math.max(delay, error.retryAfter || 0));
        delay = Math.min(delay * 2, 30000);
      }
    }
    started = true;
    applyChannel();
    toHost({ type: 'ready', color: s.channel.color, position: s.channel.position, hideLauncher: hideLauncher(), unread: unreadTotal() });
    await afterSession();
    connect();
  }

  async function afterSession() {
    applyChannel();
    if (s.current == null) {
      const live = s.conversations.find((c) => c.status !== 'resolved');
      s.current = live ? live.id : null;
      s.view = live ? 'conversation' : s.conversations.length ? 'home' : 'conversation';
    }
    if (typeof s.current === 'number') await loadLatest(s.current);
    render();
    reportUnread();
    flush();
  }

  const hideLauncher = () => !s.channel.open && s.channel.outsideHours === 'hideLauncher';

  function applyChannel() {
    document.documentElement.style.setProperty('--qd-color', s.channel.color || '#1e88e5');
    document.title = s.channel.name || 'Chat';
    toHost({ type: 'channel', color: s.channel.color, hideLauncher: hideLauncher() });
  }

  const retryable = (status) => status === 408 || status === 429 || status >= 500;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function showError(error) {
    s.error = error instanceof ApiError && error.status === 401
      ? `We could not verify who you are (${error.message}). Sign in again on this site, then reload.`
      : error.message || String(error);
    s.view = 'error';
    render();
  }

  // ---- messages: load, merge (no duplicates by id or clientKey), resync ----
  function list(conversationId) {
    if (!s.messages.has(conversationId)) s.messages.set(conversationId, []);
    return s.messages.get(conversationId);
  }

  function merge(message) {
    const items = list(message.conversationId);
    const index = items.findIndex((m) => m.id === message.id || (message.clientKey && m.clientKey === message.clientKey));
    const old = index >= 0 ? items[index] : null;
    // A growing answer: a copy read from the server earlier than the live updates (a resync) never shrinks or un-finishes it.
    if (old && old.sender.kind === 'assistant' && message.status === 'sending'
      && (old.status !== 'sending' || message.content.length < old.content.length)) return false;
    const vote = old && old.assistant && old.assistant.feedback;
    if (vote && message.assistant && !message.assistant.feedback) message.assistant.feedback = vote;
    if (index >= 0) items[index] = message; else items.push(message);
    items.sort((a, b) => a.id - b.id);
    const pending = message.clientKey && s.outbox.find((item) => item.clientKey === message.clientKey);
    if (pending) { follow(pending.conversation, message.conversationId); removeFromOutbox(message.clientKey); }
    const conversation = s.conversations.find((c) => c.id === message.conversationId);
    if (conversation) { conversation.lastMessageAt = message.createdAt; conversation.preview = message.content; }
    return index < 0;
  }

  async function loadLatest(conversationId) {
    const page = await call('GET', `/messages?conversationId=${conversationId}&limit=50`);
    for (const message of page.messages) merge(message);
    if (!s.hasMore.has(conversationId)) s.hasMore.set(conversationId, page.hasMore);
  }

  async function loadEarlier(conversationId) {
    const first = list(conversationId)[0];
    const page = await call('GET', `/messages?conversationId=${conversationId}&before=${first ? first.id : ''}&limit=50`);
    for (const message of page.messages) merge(message);
    s.hasMore.set(conversationId, page.hasMore);
    render();
  }

  /** After a reconnect or coming back online: what was missed in every conversation on screen or loaded. */
  async function resync(conversations) {
    try {
      if (conversations) await session(); // the list of conversations (one may have started in another tab)
      for (const conversationId of s.messages.keys()) {
        for (;;) {
          const items = list(conversationId);
          const last = items.length ? items[items.length - 1].id : 0;
          const page = await call('GET', `/messages?conversationId=${conversationId}&after=${last}&limit=100`);
          for (const message of page.messages) if (merge(message)) noticeReply(message);
          if (!page.hasMore || page.messages.length === 0) break;
        }
      }
      render();
      markRead(); // the conversation on screen is read, whatever count the session had
      reportUnread();
    } catch (error) {
      if (error instanceof ApiError) console.warn('qandu resync', error.message);
    }
  }

  // ---- the outbox: every typed message is stored before it is sent, and sent in order, one at a time ----
  function saveOutbox() { if (s.contactId != null) store.set(outboxKey(), s.outbox); }

  function removeFromOutbox(clientKey) {
    const before = s.outbox.length;
    s.outbox = s.outbox.filter((item) => item.clientKey !== clientKey);
    if (s.outbox.length !== before) saveOutbox();
  }

  function queue(content, attachments) {
    let conversation = s.current;
    if (conversation == null) { conversation = `new:${uuid()}`; s.current = conversation; }
    s.outbox.push({ clientKey: uuid(), conversation, content, attachments, createdAt: new Date().toISOString() });
    saveOutbox();
    render();
    flush();
  }

  let flushing = false, retryTimer = null, retryDelay = 1000;
  async function flush() {
    if (flushing || !started) return;
    flushing = true;
    clearTimeout(retryTimer);
    try {
      for (;;) {
        const item = s.outbox.find((i) => !i.failed);
        if (!item) break;
        const target = typeof item.conversation === 'number' ? item.conversation : s.newConversations.get(item.conversation);
        try {
          const message = await call('POST', '/messages', {
            conversationId: target ?? undefined,
            content: item.content,
            clientKey: item.clientKey,
            attachmentIds: item.attachments.map((a) => a.id),
          });
          acknowledge(item, message);
          retryDelay = 1000;
          if (s.connection === 'offline') { s.connection = hub && hub.state === 'Connected' ? 'connected' : 'reconnecting'; }
        } catch (error) {
          if (error instanceof ApiError && !retryable(error.status)) {
            if (error.status === 401) { await session().catch(() => {}); throw error; }
            item.failed = error.message; // the server refused this one (too long, not allowed): say so, keep it to retry
            saveOutbox();
            render();
            continue;
          }
          throw error;
        }
      }
    } catch (error) {
      if (!navigator.onLine) s.connection = 'offline';
      render();
      retryTimer = setTimeout(flush, Math.max(retryDelay, (error && error.retryAfter) || 0));
      retryDelay = Math.min(retryDelay * 2, 30000);
    } finally {
      flushing = false;
    }
  }

  /** A new conversation got its id, or the old one was closed for good and the server started a new one: the rest of
   * the outbox for it, and the view, follow. */
  function follow(from, to) {
    if (from === to) return;
    if (typeof from === 'string') s.newConversations.set(from, to);
    for (const other of s.outbox) if (other.conversation === from) other.conversation = to;
    if (s.current === from) s.current = to;
  }

  function acknowledge(item, message) {
    const to = message.conversationId;
    follow(item.conversation, to);
    if (!s.conversations.some((c) => c.id === to)) {
      s.conversations.unshift({ id: to, status: 'open', lastMessageAt: message.createdAt, preview: message.content, unread: 0, rating: null });
      // Its real status (with the assistant answering first it is pending) and unread count: the assistant's reply can
      // arrive before this answer, while the conversation had no id the open panel could show it under.
      session().then(() => { render(); markRead(); }).catch(() => {});
    }
    removeFromOutbox(item.clientKey);
    merge(message);
    render();
    markRead();
  }

  addEventListener('online', () => { s.connection = hub && hub.state === 'Connected' ? 'connected' : 'reconnecting'; render(); flush(); resync(); });
  addEventListener('offline', () => { s.connection = 'offline'; render(); });

  // ---- the hub: live replies, typing, status, seen; reconnects with backoff ----
  let hub = null;
  function connect() {
    if (!window.signalR) return;
    const backoff = (attempt) => Math.min(30000, 1000 * 2 ** Math.min(attempt, 5)) + Math.floor(Math.random() * 500);
    const connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/widget', {
        accessTokenFactory: () => s.visitorToken,
        transport: signalR.HttpTransportType.WebSockets,
        skipNegotiation: true,
      })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => backoff(context.previousRetryCount) })
      .configureLogging(signalR.LogLevel.None)
      .build();
    hub = connection;
    connection.on('message', (message) => {
      if (merge(message)) noticeReply(message);
      s.typing.delete(message.conversationId);
      render();
      reportUnread();
    });
    connection.on('messageUpdated', (message) => { merge(message); render(); });
    connection.on('typing', (event) => {
      clearTimeout((s.typing.get(event.conversationId) || {}).timer);
      if (event.typing) {
        const timer = setTimeout(() => { s.typing.delete(event.conversationId); render(); }, 8000);
        s.typing.set(event.conversationId, { name: event.name, timer });
      } else s.typing.delete(event.conversationId);
      render();
    });
    connection.on('status', (event) => {
      const conversation = s.conversations.find((c) => c.id === event.conversationId);
      // From the assistant to the team (asked for, a "No", or the assistant's own call): say a person takes over.
      if (conversation && conversation.status === 'pending' && event.status === 'open') handOver(event.conversationId);
      if (conversation) conversation.status = event.status;
      render();
    });
    connection.on('read', (event) => {
      s.seenUpTo.set(event.conversationId, Math.max(s.seenUpTo.get(event.conversationId) || 0, event.upToMessageId));
      render();
    });
    connection.on('ratingRequested', (event) => {
      s.ratingAsked.add(event.conversationId);
      const conversation = s.conversations.find((c) => c.id === event.conversationId);
      if (conversation) conversation.status = 'resolved';
      render();
    });
    // Another tab started a conversation, or the server's feed fell behind: fetch what this tab has not seen.
    connection.on('conversationStarted', (event) => { if (!s.conversations.some((c) => c.id === event.conversationId)) resync(true); });
    connection.on('resync', () => resync());
    connection.onreconnecting(() => { s.connection = navigator.onLine ? 'reconnecting' : 'offline'; render(); });
    connection.onreconnected(() => { s.connection = 'connected'; render(); flush(); resync(true); });
    connection.onclose(() => { if (hub === connection) { hub = null; s.connection = 'reconnecting'; render(); setTimeout(connect, backoff(1)); } });
    let attempt = 0;
    const begin = () => connection.start().then(() => {
      s.connection = 'connected';
      render();
      if (attempt > 0) { flush(); resync(); }
    }).catch(() => {
      if (hub !== connection) return;
      s.connection = navigator.onLine ? 'reconnecting' : 'offline';
      render();
      setTimeout(begin, backoff(attempt++));
    });
    begin();
  }

  // ---- replies while closed: unread count to the launcher, a beep, the host page's title flashes ----
  function noticeReply(message) {
    if (message.sender.kind === 'contact') return;
    const visible = s.open && s.view === 'conversation' && s.current === message.conversationId && !document.hidden;
    const conversation = s.conversations.find((c) => c.id === message.conversationId);
    if (visible) { markRead(); return; }
    if (conversation) conversation.unread = (conversation.unread || 0) + 1;
    else s.conversations.unshift({ id: message.conversationId, status: 'open', lastMessageAt: message.createdAt, preview: message.content, unread: 1, rating: null });
    reportUnread();
    toHost({ type: 'reply', message: { conversationId: message.conversationId, content: message.content, sender: { name: message.sender.name, kind: message.sender.kind }, createdAt: message.createdAt } });
    if (!s.open) beep();
  }

  // The conversation on screen counts as read whatever a session or a resync last said (its read mark may still be on
  // its way): the launcher never shows a count for what the customer is looking at.
  const onScreen = (id) => s.open && s.view === 'conversation' && s.current === id;
  const unreadTotal = () => s.conversations.reduce((sum, c) => sum + (onScreen(c.id) ? 0 : c.unread || 0), 0);
  function reportUnread() { toHost({ type: 'unread', count: unreadTotal() }); }

  let audio = null;
  function beep() {
    try {
      audio ||= new AudioContext();
      if (audio.state === 'suspended') audio.resume().catch(() => {});
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = 880;
      gain.gain.setValueAtTime(0.08, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start();
      oscillator.stop(audio.currentTime + 0.25);
    } catch { /* no audio: the badge and the title still say it */ }
  }

  function markRead() {
    const id = s.current;
    if (!s.open || s.view !== 'conversation' || typeof id !== 'number') return;
    const replies = list(id).filter((m) => m.sender.kind !== 'contact');
    const last = replies[replies.length - 1];
    const conversation = s.conversations.find((c) => c.id === id);
    if (conversation && conversation.unread) { conversation.unread = 0; reportUnread(); }
    if (!last || (s.readSent.get(id) || 0) >= last.id) return;
    s.readSent.set(id, last.id);
    call('POST', `/conversations/${id}/read`, { messageId: last.id }).catch(() => s.readSent.delete(id));
  }

  // ---- typing: the draft so far, at most once a second ----
  let lastTyping = 0, typingTimer = null;
  function typing(preview) {
    if (!hub || hub.state !== 'Connected' || typeof s.current !== 'number') return;
    const conversationId = s.current;
    const send = () => { lastTyping = Date.now(); hub.invoke('Typing', conversationId, composer.input.value.slice(0, 200)).catch(() => {}); };
    clearTimeout(typingTimer);
    const wait = 1000 - (Date.now() - lastTyping);
    if (preview === '' || wait <= 0) send(); else typingTimer = setTimeout(send, wait);
  }

  // ---- the composer (built once, so a draft survives every re-render) ----
  const composer = buildComposer();

  function buildComposer() {
    const input = h('textarea', { class: 'qd-input', rows: '1', placeholder: 'Write a message…', 'aria-label': 'Message' });
    const error = h('p', { class: 'qd-field-error', role: 'alert', hidden: true });
    const chips = h('div', { class: 'qd-chips' });
    const picker = h('div', { class: 'qd-emoji', role: 'dialog', 'aria-label': 'Emoji', hidden: true },
      EMOJI.map((e) => h('button', { type: 'button', class: 'qd-emoji-item', 'aria-label': e, text: e, onclick: () => insert(e) })));
    const file = h('input', { type: 'file', class: 'qd-file', tabindex: '-1', 'aria-hidden': 'true' });
    const emojiButton = h('button', { type: 'button', class: 'qd-icon', 'aria-label': 'Insert emoji', 'aria-expanded': 'false', text: '☺',
      onclick: () => togglePicker() });
    const attach = h('button', { type: 'button', class: 'qd-icon', 'aria-label': 'Attach a file', onclick: () => file.click() }, paperclip());
    const send = h('button', { type: 'submit', class: 'qd-send', 'aria-label': 'Send', text: '➤' });
    const form = h('form', { class: 'qd-composer', onsubmit: (e) => { e.preventDefault(); submit(); } },
      picker, chips, error, h('div', { class: 'qd-composer-row' }, emojiButton, attach, input, send), file);

    function togglePicker(show = picker.hidden) {
      picker.hidden = !show;
      emojiButton.setAttribute('aria-expanded', String(show));
      if (show) picker.querySelector('button').focus();
    }
    function insert(emoji) {
      const start = input.selectionStart ?? input.value.length;
      input.value = input.value.slice(0, start) + emoji + input.value.slice(input.selectionEnd ?? start);
      input.selectionStart = input.selectionEnd = start + emoji.length;
      togglePicker(false);
      input.focus();
    }
    function submit() {
      const content = input.value.trim();
      const ready = s.attachments.filter((a) => a.id);
      if (!content && ready.length === 0) return;
      if (s.attachments.some((a) => !a.id && !a.error)) { showFieldError('Wait for the upload to finish.'); return; }
      queue(content, ready.map(({ id, name, size: bytes, mimeType }) => ({ id, name, size: bytes, mimeType })));
      input.value = '';
      s.attachments = [];
      renderChips();
      showFieldError('');
      typing('');
      autosize();
    }
    function showFieldError(text) { error.textContent = text; error.hidden = !text; }
    function autosize() { input.style.height = 'auto'; input.style.height = `${Math.min(input.scrollHeight, 120)}px`; }
    function renderChips() {
      chips.replaceChildren(...s.attachments.map((a) => h('div', { class: 'qd-chip' + (a.error ? ' qd-chip--error' : ''), 'data-testid': 'attachment-chip' },
        h('span', { class: 'qd-chip-name', text: a.error ? `${a.name}: ${a.error}` : `${a.name} (${size(a.size)})` }),
        !a.id && !a.error ? h('progress', { max: '100', value: String(a.progress || 0), 'aria-label': `Uploading ${a.name}` }) : null,
        h('button', { type: 'button', class: 'qd-chip-remove', 'aria-label': `Remove ${a.name}`, text: '×',
          onclick: () => { if (a.xhr) a.xhr.abort(); s.attachments = s.attachments.filter((x) => x !== a); renderChips(); } }))));
    }
    function upload(chosen) {
      const item = { name: chosen.name, size: chosen.size, progress: 0 };
      s.attachments.push(item);
      renderChips();
      const data = new FormData();
      data.append('file', chosen);
      const xhr = new XMLHttpRequest();
      item.xhr = xhr;
      xhr.open('POST', `${API}/files`);
      xhr.setRequestHeader('Authorization', `Bearer ${s.visitorToken}`);
      xhr.setRequestHeader('X-Widget-Host', s.host || '');
      xhr.upload.onprogress = (e) => { if (e.lengthComputable) { item.progress = Math.round((e.loaded / e.total) * 100); renderChips(); } };
      xhr.onload = () => {
        let json = null;
        try { json = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
        if (xhr.status >= 200 && xhr.status < 300 && json) Object.assign(item, { id: json.id, mimeType: json.mimeType, size: json.size ?? item.size });
        else item.error = (json && (json.detail || json.title)) || `Upload failed (${xhr.status}).`;
        item.xhr = null;
        renderChips();
      };
      xhr.onerror = () => { item.error = 'Upload failed: no connection. Try again when you are back online.'; item.xhr = null; renderChips(); };
      xhr.send(data);
    }

    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
    });
    input.addEventListener('input', () => { autosize(); typing(); });
    file.addEventListener('change', () => { for (const chosen of file.files) upload(chosen); file.value = ''; });
    picker.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.stopPropagation(); togglePicker(false); emojiButton.focus(); } });
    return { form, input, renderChips };
  }

  // ---- rendering: the view is rebuilt only when it changes; inside it only the nodes whose data changed are, so focus,
  // a draft, a search, a half-written rating and a pre-chat form survive live updates ----
  const header = h('header', { class: 'qd-header' });
  const banner = h('div', { class: 'qd-banner', role: 'status', 'data-testid': 'connection' });
  const view = h('section', { class: 'qd-view' });
  const homeEl = h('div', { class: 'qd-home' });
  const messagesEl = h('div', { class: 'qd-messages', 'aria-live': 'polite', 'data-testid': 'messages' });
  const typingEl = h('p', { class: 'qd-typing', 'data-testid': 'typing', hidden: true });
  const ratingSlot = h('div', { class: 'qd-rating-slot' });
  const handoffSlot = h('div', { class: 'qd-handoff-slot' });
  const ratingForms = new Map();
  let shown = '';
  app.replaceChildren(header, banner, view);

  /** Puts nodes into parent in order, touching only what changed: a node kept in place keeps its focus. */
  function sync(parent, nodes) {
    nodes = nodes.flat().filter(Boolean);
    const keepers = new Set(nodes);
    for (const child of [...parent.childNodes]) if (!keepers.has(child)) child.remove();
    nodes.forEach((node, i) => { if (parent.childNodes[i] !== node) parent.insertBefore(node, parent.childNodes[i] || null); });
  }

  /** The node drawn last time for key while what it shows (sig) is the same, else a new one: a growing answer is one bubble. */
  let drawn = new Map(), drawing = new Map();
  function keep(key, sig, make) {
    const old = drawn.get(key);
    const node = old && old.sig === sig ? old.node : make();
    drawing.set(key, { sig, node });
    return node;
  }

  function render() {
    const channel = s.channel || {};
    const inConversation = s.view === 'conversation';
    sync(header, [
      inConversation && s.conversations.length ? h('button', { type: 'button', class: 'qd-icon qd-back', 'aria-label': 'All conversations', text: '‹',
        onclick: () => { s.view = 'home'; render(); focusFirst(); } }) : null,
      h('div', { class: 'qd-title' }, h('strong', { text: channel.name || 'Chat' }),
        h('span', { class: 'qd-subtitle', text: channel.open === false ? 'Away' : channel.expectedReplyTime ? `Usually replies ${channel.expectedReplyTime}` : '' })),
      h('button', { type: 'button', class: 'qd-icon qd-close', 'aria-label': 'Close chat', text: '×', onclick: () => toHost({ type: 'close' }) })]);
    const states = { reconnecting: 'Reconnecting…', offline: 'Offline — messages will be sent when you\'re back' };
    banner.textContent = states[s.connection] || '';
    banner.hidden = !states[s.connection];
    banner.dataset.state = s.connection;
    const form = inConversation && s.channel ? needsForm() : null;
    const key = `${s.view}|${form ? JSON.stringify(form) : ''}|${s.current}|${s.article ? s.article.state : ''}`;
    if (key !== shown || s.view === 'error') {
      const focusWasInView = view.contains(document.activeElement);
      shown = key;
      if (s.view === 'conversation') view.replaceChildren(...(form ? renderForm(form) : [messagesEl, typingEl, ratingSlot, handoffSlot, composer.form]));
      else if (s.view === 'home') view.replaceChildren(homeEl);
      else view.replaceChildren(...({ article: renderArticle, error: renderError }[s.view] || renderLoading)());
      if (focusWasInView) focusFirst();
    }
    if (s.view === 'conversation' && !form) updateConversation();
    if (s.view === 'home') updateHome();
    drawn = drawing;
    drawing = new Map();
  }
  const renderLoading = () => [h('p', { class: 'qd-loading', role: 'status', text: 'Loading…' })];
  const renderError = () => [h('p', { class: 'qd-error', role: 'alert', text: s.error })];
  const greeting = () => s.channel.greeting || 'Hi! How can we help?';

  function away() {
    const channel = s.channel;
    if (!channel || channel.open) return null;
    const text = [channel.awayMessage, channel.expectedReplyTime ? `We usually reply ${channel.expectedReplyTime}.` : ''].filter(Boolean).join(' ');
    return text ? h('p', { class: 'qd-away', 'data-testid': 'away', text }) : null;
  }

  function updateHome() {
    const items = [...s.conversations].sort((a, b) => String(b.lastMessageAt).localeCompare(String(a.lastMessageAt)));
    const hadFocus = homeEl.contains(document.activeElement);
    sync(homeEl, [
      keep('home-greeting', greeting(), () => h('p', { class: 'qd-greeting', text: greeting() })),
      keep('home-away', String(s.channel.open), away),
      s.channel.helpCenter ? help.el : null,
      keep('home-new', '', () => h('button', { type: 'button', class: 'qd-primary', 'data-testid': 'new-conversation', text: 'Start a new conversation',
        onclick: () => { s.current = null; s.view = 'conversation'; render(); composer.input.focus(); } })),
      items.length ? keep('home-heading', '', () => h('h2', { class: 'qd-heading', text: 'Your conversations' })) : null,
      keep('home-list', JSON.stringify(items), () => h('ul', { class: 'qd-conversations' }, items.map((c) => h('li', null,
        h('button', { type: 'button', class: 'qd-conversation', 'data-testid': 'conversation', onclick: () => openConversation(c.id) },
          h('span', { class: 'qd-conversation-preview', text: c.preview || 'Conversation' }),
          h('span', { class: 'qd-conversation-meta', text: `${c.status === 'resolved' ? 'Resolved' : 'Open'}${c.lastMessageAt ? ' · ' + new Date(c.lastMessageAt).toLocaleDateString() : ''}` }),
          c.unread ? h('span', { class: 'qd-badge', text: String(c.unread), 'aria-label': `${c.unread} unread` }) : null))))),
    ]);
    if (hadFocus && !homeEl.contains(document.activeElement)) focusFirst();
  }

  async function openConversation(id) {
    s.current = id;
    s.view = 'conversation';
    render();
    try { if (!s.messages.has(id) || list(id).length === 0) await loadLatest(id); } catch (error) { if (error instanceof ApiError) showError(error); }
    render();
    markRead();
  }

  // ---- help: the channel's public articles, searchable before a conversation starts, read inside the widget ----
  const help = buildHelp();
  const language = () => (navigator.language || 'en').slice(0, 2);
  const failure = (error, doing) => error instanceof ApiError ? error.message : `Could not ${doing}: no connection. Try again.`;

  function buildHelp() {
    const input = h('input', { id: 'qd-help-q', type: 'search', class: 'qd-help-input', placeholder: 'Search our help articles', autocomplete: 'off',
      'data-testid': 'help-search' });
    const results = h('div', { class: 'qd-help-results', 'aria-live': 'polite' });
    const el = h('form', { class: 'qd-help', role: 'search', onsubmit: (e) => { e.preventDefault(); search(); } },
      h('label', { for: 'qd-help-q', class: 'qd-help-label', text: 'Find an answer' }), input, results);
    let timer = null, asked = 0;
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 300); });
    async function search() {
      clearTimeout(timer);
      const q = input.value.trim(), ticket = ++asked;
      if (!q) { results.replaceChildren(); return; }
      results.replaceChildren(h('p', { class: 'qd-help-note', role: 'status', text: 'Searching…' }));
      let found;
      try { found = await call('GET', `/help/search?q=${encodeURIComponent(q)}&language=${language()}`); } catch (error) {
        if (ticket === asked) results.replaceChildren(h('p', { class: 'qd-field-error', role: 'alert', text: failure(error, 'search') }));
        return;
      }
      if (ticket !== asked) return; // a newer search is on its way
      results.replaceChildren(found.articles.length
        ? h('ul', { class: 'qd-help-list' }, found.articles.map((a) => h('li', null,
          h('button', { type: 'button', class: 'qd-help-item', 'data-testid': 'help-result', onclick: () => openArticle(a) },
            h('strong', { text: a.title }), a.excerpt ? h('span', { text: a.excerpt }) : null))))
        : h('p', { class: 'qd-help-note', text: `No articles match “${q}”. Write to us and we'll help.` }));
    }
    return { el, input };
  }

  async function openArticle(found) {
    s.article = { ...found, state: 'loading', from: s.view };
    s.view = 'article';
    render();
    focusFirst();
    try {
      const article = await call('GET', `/help/articles/${found.id}`);
      if (s.article && s.article.id === found.id) s.article = { ...s.article, ...article, state: 'ready' };
    } catch (error) {
      if (s.article && s.article.id === found.id) s.article = { ...s.article, state: 'error', error: failure(error, 'open the article') };
    }
    if (s.view === 'article') { render(); focusFirst(); }
  }

  function leaveArticle(chat) {
    s.view = chat ? 'conversation' : s.article.from;
    if (chat) s.current = null;
    s.article = null;
    render();
    (chat ? composer.input : help.input).focus();
  }

  function renderArticle() {
    const a = s.article;
    const text = h('div', { class: 'qd-content qd-article-text' });
    if (a.state === 'ready') { text.innerHTML = a.html; newTabs(text); } // sanitized by the server, like message html
    return [h('article', { class: 'qd-article', 'data-testid': 'help-article' },
      h('button', { type: 'button', class: 'qd-back-link', 'data-testid': 'article-back', text: '‹ Back', onclick: () => leaveArticle(false) }),
      h('h2', { class: 'qd-article-title', text: a.title }),
      a.state === 'loading' ? h('p', { class: 'qd-help-note', role: 'status', text: 'Loading…' })
        : a.state === 'error' ? h('p', { class: 'qd-field-error', role: 'alert', text: a.error }) : text,
      a.url ? h('a', { class: 'qd-article-full', href: a.url, target: '_blank', rel: 'noopener', text: 'Open in the help center' }) : null,
      h('button', { type: 'button', class: 'qd-primary', text: 'Still need help? Write to us', onclick: () => leaveArticle(true) }))];
  }

  /** Links in server html open in a new tab: inside the frame they would replace the chat. */
  function newTabs(el) {
    for (const a of el.querySelectorAll('a[href]')) { a.target = '_blank'; a.relList.add('noopener'); }
  }

  function needsForm() {
    const channel = s.channel, contact = s.contact || {};
    const preChat = channel.preChat || {};
    const startingFirst = s.current == null && s.conversations.length === 0;
    const askName = startingFirst && preChat.name && preChat.name !== 'off' && !contact.name;
    const askEmail = (startingFirst && preChat.email && preChat.email !== 'off' && !contact.email)
      || (!channel.open && channel.outsideHours === 'askForEmail' && !contact.email && s.current == null);
    if (s.formDone || (!askName && !askEmail)) return null;
    return {
      name: askName ? preChat.name : null,
      email: askEmail ? (!channel.open && channel.outsideHours === 'askForEmail' ? 'required' : preChat.email) : null,
    };
  }

  function updateConversation() {
    const id = s.current;
    const conversation = s.conversations.find((c) => c.id === id);
    const seen = s.seenUpTo.get(id) || 0;
    const messages = typeof id === 'number' ? list(id) : [];
    const pending = s.outbox.filter((item) => item.conversation === id);
    const atBottom = messagesEl.scrollHeight - messagesEl.scrollTop - messagesEl.clientHeight < 40;
    const scrollTop = messagesEl.scrollTop;
    const draw = (m, status, item) => keep(m.id != null ? `m${m.id}` : `c${m.clientKey}`,
      JSON.stringify([m.content, m.html, m.status, m.deleted, m.assistant, m.feedbackError, status, item && item.failed, m.sender.name]),
      () => renderMessage(m, status, item));
    sync(messagesEl, [
      s.hasMore.get(id) ? keep(`earlier${id}`, '', () => h('button', { type: 'button', class: 'qd-link', text: 'Earlier messages', onclick: () => loadEarlier(id) })) : null,
      keep('greeting', greeting(), () => h('p', { class: 'qd-greeting qd-greeting--bubble', text: greeting() })),
      keep('away', String(s.channel.open), away),
      id == null && s.channel.helpCenter ? help.el : null,
      messages.filter((m) => !(m.deleted && m.sender.kind === 'assistant')) // a reply withdrawn before it was written
        .map((m) => draw(m, m.sender.kind === 'contact' ? (m.status === 'read' || m.id <= seen ? 'read' : 'sent') : null)),
      pending.map((item) => draw({ content: item.content, attachments: item.attachments, sender: { kind: 'contact' }, createdAt: item.createdAt,
        clientKey: item.clientKey }, item.failed ? 'failed' : 'sending', item)),
    ]);
    messagesEl.scrollTop = atBottom ? messagesEl.scrollHeight : scrollTop;
    const agentTyping = s.typing.get(id);
    typingEl.hidden = !agentTyping;
    typingEl.textContent = agentTyping ? `${agentTyping.name || 'Someone'} is typing…` : '';
    const resolved = conversation && conversation.status === 'resolved';
    if (resolved && conversation.rating == null) {
      if (!ratingForms.has(id)) ratingForms.set(id, renderRating(conversation));
      if (ratingSlot.firstChild !== ratingForms.get(id)) ratingSlot.replaceChildren(ratingForms.get(id));
    } else if (resolved) {
      if (!ratingSlot.querySelector('[data-testid=rated]')) ratingSlot.replaceChildren(h('p', { class: 'qd-thanks', 'data-testid': 'rated', text: 'Thanks for your feedback!' }));
    } else if (ratingSlot.firstChild) ratingSlot.replaceChildren();
    // Hand-off: while the assistant answers, the customer can ask for a person; once asked, say one will reply here.
    const since = s.handedOff.get(id);
    const waiting = since !== undefined && !resolved && !messages.some((m) => m.sender.kind === 'agent' && m.id > since);
    sync(handoffSlot, [
      waiting ? keep('handoff', '', () => h('p', { class: 'qd-handoff', role: 'status', 'data-testid': 'handoff', tabindex: '-1',
        text: 'A person from the team will reply here.' })) : null,
      !waiting && conversation && conversation.status === 'pending' ? keep('talk', s.handoffError || '', () => h('div', { class: 'qd-talk' },
        h('button', { type: 'button', class: 'qd-secondary', 'data-testid': 'talk-to-person', text: 'Talk to a person', onclick: () => askForPerson(id) }),
        s.handoffError ? h('span', { class: 'qd-field-error', role: 'alert', text: s.handoffError }) : null)) : null,
    ]);
  }

  /** The conversation went from the assistant to the team: remembered as "after this message", until a person replies. */
  function handOver(id) {
    if (s.handedOff.has(id)) return;
    const items = list(id);
    s.handedOff.set(id, items.length ? items[items.length - 1].id : 0);
  }

  async function askForPerson(id) {
    try {
      await call('POST', `/conversations/${id}/handoff`);
      handOver(id);
      const conversation = s.conversations.find((c) => c.id === id);
      if (conversation && conversation.status === 'pending') conversation.status = 'open';
      s.handoffError = null;
    } catch (error) {
      s.handoffError = failure(error, 'reach the team');
    }
    render();
    const target = handoffSlot.querySelector('[data-testid=handoff], button');
    if (target) target.focus();
  }

  async function vote(drawnFrom, helpful) {
    const m = list(drawnFrom.conversationId).find((x) => x.id === drawnFrom.id) || drawnFrom; // as merged since it was drawn
    try {
      await call('POST', `/messages/${m.id}/feedback`, { helpful });
      m.assistant = { ...m.assistant, feedback: helpful ? 'helpful' : 'unhelpful' };
      m.feedbackError = null;
      if (!helpful) handOver(m.conversationId);
    } catch (error) {
      m.feedbackError = failure(error, 'send your answer');
    }
    render();
    const box = messagesEl.querySelector(`[data-id="${m.id}"] [data-testid=feedback]`);
    if (box) box.focus();
  }

  function renderFeedback(m) {
    const chosen = m.assistant.feedback;
    if (chosen) {
      return h('p', { class: 'qd-feedback', 'data-testid': 'feedback', 'data-feedback': chosen, tabindex: '-1',
        text: chosen === 'helpful' ? 'You found this helpful. Thanks!' : 'You said this did not help. A person from the team will take over here.' });
    }
    return h('div', { class: 'qd-feedback', 'data-testid': 'feedback', role: 'group', 'aria-label': 'Was this helpful?', tabindex: '-1' },
      h('span', { text: 'Was this helpful?' }),
      h('button', { type: 'button', class: 'qd-vote', text: 'Yes', onclick: () => vote(m, true) }),
      h('button', { type: 'button', class: 'qd-vote', text: 'No', onclick: () => vote(m, false) }),
      m.feedbackError ? h('span', { class: 'qd-field-error', role: 'alert', text: m.feedbackError }) : null);
  }

  function renderMessage(m, status, outboxItem) {
    const mine = m.sender.kind === 'contact';
    const ai = m.sender.kind === 'assistant';
    const streaming = ai && m.status === 'sending';
    const content = h('div', { class: 'qd-content' });
    if (m.deleted) { content.textContent = 'This message was deleted.'; content.classList.add('qd-deleted'); }
    else if (m.html) { content.innerHTML = m.html; newTabs(content); } // sanitized by the server (the same sanitizer as staff text)
    else content.textContent = m.content;
    // The answer's sources: the text's own link to one becomes it (the server's html keeps only absolute links, so a
    // help-center link arrives as an anchor without href); a source the text does not name is added under it.
    const sources = ((ai && m.assistant && m.assistant.sources) || []).filter((source) => {
      const link = [...content.querySelectorAll('a')].find((a) => a.hasAttribute('href')
        ? a.href === new URL(source.url, location.href).href : a.textContent.trim() === source.title);
      if (link) Object.assign(link, { href: source.url, target: '_blank', rel: 'noopener', className: 'qd-source' });
      return !link;
    }).map((source) => h('a', { class: 'qd-source', href: source.url, target: '_blank', rel: 'noopener', text: `Source: ${source.title}` }));
    if (streaming) {
      let at = content;
      while (at.lastElementChild && /^(P|UL|OL|LI|BLOCKQUOTE)$/.test(at.lastElementChild.tagName)) at = at.lastElementChild;
      at.append(h('span', { class: 'qd-caret', 'aria-hidden': 'true' }));
    }
    const files = (m.attachments || []).map((a) => a.url
      ? h('a', { class: 'qd-attachment', href: a.url, target: '_blank', rel: 'noopener noreferrer', text: `${a.name} (${size(a.size)})` })
      : h('span', { class: 'qd-attachment', text: a.name }));
    const labels = { sending: 'Sending…', sent: 'Sent', read: 'Seen', failed: `Not sent: ${outboxItem && outboxItem.failed}` };
    return h('div', { class: `qd-msg ${mine ? 'qd-msg--mine' : 'qd-msg--agent'}${ai ? ' qd-msg--assistant' : ''}`, 'data-testid': 'message',
      'data-status': status || (ai ? m.status : null), 'data-id': m.id, 'data-client-key': m.clientKey, 'aria-busy': streaming ? 'true' : null },
      mine ? null : h('span', { class: 'qd-avatar', 'aria-hidden': 'true', text: ai ? '✦' : initials(m.sender.name) }),
      h('div', { class: 'qd-bubble' },
        mine ? null : h('span', { class: 'qd-sender', text: m.sender.name || 'Support' },
          ai ? h('span', { class: 'qd-ai-badge', 'data-testid': 'ai-badge', text: 'AI assistant' }) : null),
        m.content || !files.length ? content : null, files,
        sources.length ? h('div', { class: 'qd-sources' }, sources) : null,
        h('span', { class: 'qd-meta' }, h('time', { datetime: m.createdAt, text: time(m.createdAt) }),
          status ? h('span', { class: 'qd-status', 'data-testid': 'message-status', text: ` · ${labels[status]}` }) : null,
          status === 'failed' ? [
            h('button', { type: 'button', class: 'qd-link', text: 'Retry', onclick: () => { delete outboxItem.failed; saveOutbox(); render(); flush(); } }),
            h('button', { type: 'button', class: 'qd-link', text: 'Delete', onclick: () => { removeFromOutbox(outboxItem.clientKey); render(); } }),
          ] : null),
        // Under an answer (it cites its sources), not under "a person will take over".
        ai && !streaming && !m.deleted && m.assistant && (m.assistant.sources.length || m.assistant.feedback) ? renderFeedback(m) : null));
  }

  function renderForm(form) {
    const fields = [];
    const make = (key, label, type, rule) => {
      const id = `qd-${key}`;
      const input = h('input', { id, name: key, type, autocomplete: key, required: rule === 'required', 'aria-describedby': `${id}-error`,
        value: (s.contact && s.contact[key]) || '' });
      const error = h('p', { id: `${id}-error`, class: 'qd-field-error', hidden: true });
      fields.push({ key, rule, input, error, label });
      return h('div', { class: 'qd-field' }, h('label', { for: id, text: `${label}${rule === 'required' ? '' : ' (optional)'}` }), input, error);
    };
    const status = h('p', { class: 'qd-field-error', role: 'alert', hidden: true });
    const intro = !s.channel.open && s.channel.outsideHours === 'askForEmail'
      ? 'Leave your email and we\'ll answer you there.' : 'Before we start, tell us who you are.';
    const node = h('form', { class: 'qd-prechat', 'data-testid': 'prechat', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      let valid = true;
      for (const f of fields) {
        const value = f.input.value.trim();
        let message = '';
        if (f.rule === 'required' && !value) message = `Enter your ${f.label.toLowerCase()}.`;
        else if (f.key === 'email' && value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) message = 'Enter a valid email address, like name@example.com.';
        f.error.textContent = message;
        f.error.hidden = !message;
        f.input.setAttribute('aria-invalid', String(!!message));
        if (message && valid) { f.input.focus(); valid = false; }
      }
      if (!valid) return;
      const details = Object.fromEntries(fields.map((f) => [f.key, f.input.value.trim() || undefined]));
      try {
        await session(details);
        s.formDone = true;
        render();
        composer.input.focus();
      } catch (error) {
        status.textContent = error.message;
        status.hidden = false;
      }
    } },
    h('p', { text: intro }),
    form.name ? make('name', 'Name', 'text', form.name) : null,
    form.email ? make('email', 'Email', 'email', form.email) : null,
    status,
    h('button', { type: 'submit', class: 'qd-primary', text: 'Start chatting' }));
    return [h('div', { class: 'qd-intro' }, h('p', { class: 'qd-greeting', text: greeting() }), away(), s.channel.helpCenter ? help.el : null), node];
  }

  function renderRating(conversation) {
    let chosen = 0;
    const stars = [1, 2, 3, 4, 5].map((n) => h('button', { type: 'button', class: 'qd-star', 'aria-label': `${n} star${n > 1 ? 's' : ''}`,
      'aria-pressed': 'false', 'data-value': String(n), text: '★', onclick: () => {
        chosen = n;
        for (const star of stars) {
          star.setAttribute('aria-pressed', String(Number(star.dataset.value) === n));
          star.classList.toggle('qd-star--on', Number(star.dataset.value) <= n);
        }
      } }));
    const comment = h('textarea', { class: 'qd-input', rows: '2', 'aria-label': 'Comment (optional)', placeholder: 'Anything to add? (optional)' });
    const error = h('p', { class: 'qd-field-error', role: 'alert', hidden: true });
    return h('form', { class: 'qd-rating', 'data-testid': 'rating', onsubmit: async (e) => {
      e.preventDefault();
      if (!chosen) { error.textContent = 'Choose from 1 to 5 stars.'; error.hidden = false; return; }
      try {
        await call('POST', `/conversations/${conversation.id}/rating`, { rating: chosen, comment: comment.value.trim() || undefined });
        conversation.rating = chosen;
        render();
      } catch (failure) {
        error.textContent = failure instanceof ApiError ? failure.message : 'Could not send your rating: no connection. Try again.';
        error.hidden = false;
      }
    } },
    h('p', { class: 'qd-rating-title', text: 'How did we do?' }),
    h('div', { class: 'qd-stars', role: 'group', 'aria-label': 'Rating' }, stars),
    comment, error,
    h('button', { type: 'submit', class: 'qd-primary', text: 'Send rating' }));
  }

  // ---- keyboard: focus stays in the open panel, Esc closes it ----
  const focusable = () => [...app.querySelectorAll('button, [href], input:not([type=file]), textarea, select, [tabindex]:not([tabindex="-1"])')]
    .filter((el) => !el.disabled && !el.closest('[hidden]') && el.offsetParent !== null);

  function focusFirst() {
    if (!s.open) return;
    const target = (s.view === 'conversation' && view.contains(composer.input) && !needsForm()) ? composer.input : focusable().find((el) => view.contains(el)) || focusable()[0];
    if (target) target.focus();
  }

  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); toHost({ type: 'close' }); return; }
    if (e.key !== 'Tab') return;
    const items = focusable();
    if (items.length === 0) return;
    const first = items[0], last = items[items.length - 1];
    if (e.shiftKey && (document.activeElement === first || !app.contains(document.activeElement))) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  });
  document.addEventListener('visibilitychange', () => { if (!document.hidden) markRead(); });
  render();
})();
