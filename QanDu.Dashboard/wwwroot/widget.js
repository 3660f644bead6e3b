/*! QanDu chat widget loader. Embed:
 * <script src="https://your-host/widget.js" data-website-token="…" defer></script>
 * Calls made before this file has loaded are queued by the stub (README, "Website widget") and replayed here. */
(() => {
  'use strict';
  const script = document.currentScript || document.querySelector('script[data-website-token][src*="widget.js"]');
  if (!script || window.__qanduWidget) return;
  window.__qanduWidget = true;
  const token = script.dataset.websiteToken || '';
  const appOrigin = new URL(script.src, location.href).origin;
  const stub = window.qandu && typeof window.qandu === 'object' ? window.qandu : {};
  const queued = Array.isArray(stub.q) ? stub.q : [];
  const listeners = {};
  const toFrame = [];
  const phone = matchMedia('(max-width: 480px)');
  let ready = false, initSent = false, isOpen = false, wantOpen = false, unread = 0, identity = null, attributes = {};
  let position = 'right', flashTimer = null, baseTitle = document.title, lastUrl = location.href;

  const host = document.createElement('div');
  host.setAttribute('data-qandu-widget', '');
  const root = host.attachShadow({ mode: 'open' });
  const css = (el, text) => { el.style.cssText = text; return el; };
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync('button:focus-visible{outline:3px solid #111;outline-offset:3px}button:hover{filter:brightness(1.08)}');
    root.adoptedStyleSheets = [sheet];
  } catch { /* older browsers: the default focus ring stays */ }

  const launcher = css(document.createElement('button'), '');
  launcher.type = 'button';
  launcher.setAttribute('aria-label', 'Open chat');
  launcher.setAttribute('aria-expanded', 'false');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '28');
  svg.setAttribute('height', '28');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2zm3 6v2h10V9H7zm0-3v2h10V6H7zm0 6v2h6v-2H7z');
  svg.append(path);
  const badge = css(document.createElement('span'), 'position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;' +
    'box-sizing:border-box;border-radius:10px;background:#d32f2f;color:#fff;font:600 12px/20px system-ui,sans-serif;text-align:center;display:none');
  badge.setAttribute('data-qandu-unread', '');
  launcher.append(svg, badge);

  const frame = document.createElement('iframe');
  frame.title = 'Chat';
  frame.src = `${appOrigin}/widget/frame?token=${encodeURIComponent(token)}`;
  frame.setAttribute('allow', 'autoplay');
  root.append(launcher, frame);

  function layout(color) {
    const side = position === 'left' ? 'left' : 'right';
    css(launcher, `all:initial;position:fixed;bottom:20px;${side}:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;` +
      `cursor:pointer;display:${ready && !(isOpen && phone.matches) && !launcher.hidden ? 'flex' : 'none'};align-items:center;` +
      `justify-content:center;background:${color || launcher.dataset.color || '#1e88e5'};color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25)`);
    if (color) launcher.dataset.color = color;
    css(frame, (phone.matches
      ? 'position:fixed;inset:0;width:100%;height:100%;border-radius:0;'
      : `position:fixed;bottom:88px;${side}:20px;width:380px;height:min(640px,calc(100% - 108px));border-radius:12px;`) +
      `border:0;z-index:2147483001;background:#fff;box-shadow:0 8px 30px rgba(0,0,0,.25);display:${isOpen ? 'block' : 'none'}`);
  }

  function post(message) {
    if (ready) frame.contentWindow.postMessage({ qandu: 1, ...message }, appOrigin);
    else if (initSent || (message.type !== 'identify' && message.type !== 'attributes')) toFrame.push(message); // else init carries them
  }

  function emit(name, value) {
    for (const fn of listeners[name] || []) {
      try { fn(value); } catch (error) { console.warn('qandu listener failed', error); }
    }
  }

  function setUnread(count) {
    unread = Math.max(0, count | 0);
    badge.textContent = unread > 99 ? '99+' : String(unread);
    badge.style.display = unread > 0 ? 'block' : 'none';
    launcher.setAttribute('aria-label', unread > 0 ? `Open chat, ${unread} unread` : 'Open chat');
  }

  function flashTitle(text) {
    if (flashTimer) return;
    baseTitle = document.title;
    let on = false;
    flashTimer = setInterval(() => { on = !on; document.title = on ? text : baseTitle; }, 1000);
  }

  function stopFlash() {
    if (!flashTimer) return;
    clearInterval(flashTimer);
    flashTimer = null;
    document.title = baseTitle;
  }

  const page = () => ({ url: location.href, title: flashTimer ? baseTitle : document.title });

  const api = {
    open() {
      if (!ready) { wantOpen = true; return; }
      isOpen = true;
      stopFlash();
      launcher.setAttribute('aria-expanded', 'true');
      layout();
      frame.focus();
      post({ type: 'open' });
      emit('open');
    },
    close() {
      wantOpen = false;
      if (!isOpen) return;
      isOpen = false;
      launcher.setAttribute('aria-expanded', 'false');
      layout();
      post({ type: 'close' });
      if (ready && !launcher.hidden) launcher.focus();
      emit('close');
    },
    toggle() { isOpen ? api.close() : api.open(); },
    identify(user) {
      if (!user || user.id == null) return;
      identity = { id: String(user.id), name: user.name, email: user.email, hash: user.hash };
      post({ type: 'identify', identity });
    },
    setAttributes(values) {
      if (!values || typeof values !== 'object') return;
      for (const [key, value] of Object.entries(values)) attributes[key] = value == null ? '' : String(value);
      post({ type: 'attributes', attributes });
    },
    on(name, fn) {
      if (typeof fn === 'function') (listeners[name] ||= []).push(fn);
    },
  };

  addEventListener('message', (event) => {
    const data = event.data;
    // Only the frame this loader created, served by the app, may speak to it.
    if (event.origin !== appOrigin || event.source !== frame.contentWindow || !data || data.qandu !== 1) return;
    switch (data.type) {
      case 'ready':
        ready = true;
        position = data.position === 'left' ? 'left' : 'right';
        launcher.hidden = !!data.hideLauncher;
        setUnread(data.unread);
        layout(data.color);
        for (const message of toFrame.splice(0)) post(message);
        if (wantOpen) api.open();
        break;
      case 'channel':
        launcher.hidden = !!data.hideLauncher;
        layout(data.color);
        break;
      case 'unread': setUnread(data.count); break;
      case 'close': api.close(); break;
      case 'reply':
        emit('message', data.message);
        if (!isOpen) flashTitle(`(${Math.max(1, unread)}) New message`);
        break;
    }
  });

  launcher.addEventListener('click', () => api.toggle());
  addEventListener('focus', () => { if (isOpen) stopFlash(); });
  phone.addEventListener('change', () => layout());
  setInterval(() => { // single-page apps change the address without a load: tell the frame the visitor's live page
    if (location.href !== lastUrl) { lastUrl = location.href; post({ type: 'page', page: page() }); }
  }, 2000);

  // The frame starts its session when it hears who the visitor is and where (the page, identify, attributes so far).
  frame.addEventListener('load', () => {
    initSent = true;
    frame.contentWindow.postMessage({ qandu: 1, type: 'init', page: page(), identity, attributes }, appOrigin);
  });
  // The page may keep its own reference to the stub: the real methods go onto the same object.
  Object.assign(stub, api, { q: [] });
  window.qandu = stub;
  for (const [name, args] of queued) {
    if (typeof api[name] === 'function') api[name](...(args || []));
  }
  layout();
  (document.body || document.documentElement).append(host);
})();
