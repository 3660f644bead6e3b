// Small browser helpers for the Blazor components: the composer owns its text (no round trip per key),
// drafts survive a dropped connection or a reload, and the message list keeps its scroll position.
window.qandu = {
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,

    // Ctrl+K (Cmd+K on a Mac) opens search from anywhere; the newest layout instance of this tab answers.
    search: {
        attach(dotnet) {
            if (window._qanduSearch) { window._qanduSearch.dotnet = dotnet; return; }
            const state = window._qanduSearch = { dotnet };
            document.addEventListener('keydown', e => {
                if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
                    e.preventDefault();
                    state.dotnet.invokeMethodAsync('OpenSearchAsync').catch(() => { /* disconnected */ });
                }
            });
        },
    },

    reveal: element => element?.scrollIntoView({ block: 'nearest' }),
    revealId: id => document.getElementById(id)?.scrollIntoView({ block: 'nearest' }),

    composer: {
        attach(textarea, dotnet, draftKey, maxLength, typingThrottle) {
            if (textarea._qandu) {
                textarea._qandu.dotnet = dotnet;
                textarea._qandu.draftKey = draftKey;
                textarea._qandu.typingThrottle = typingThrottle;
                textarea._qandu.lastTyping = 0; // another thread: its people have not heard this user type yet
            } else {
                textarea._qandu = { dotnet, draftKey, maxLength, typingThrottle, lastTyping: 0 };
                textarea.addEventListener('keydown', e => {
                    if (qandu.canned.keydown(textarea, e)) {
                        // the "/" list took the key
                    } else if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                        e.preventDefault();
                        qandu.composer.submit(textarea);
                    } else if (e.key === 'ArrowUp' && !e.altKey && !e.shiftKey && !e.ctrlKey && !e.metaKey && textarea.value === '') {
                        // Up in an empty composer edits one's last message, as in Slack and Mattermost.
                        e.preventDefault();
                        textarea._qandu.dotnet.invokeMethodAsync('EditLastAsync').catch(() => { });
                    } else if (e.key === 'ArrowUp' && e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && textarea.value === '') {
                        // Shift+Up in an empty composer replies to the newest message, as in Mattermost.
                        e.preventDefault();
                        textarea._qandu.dotnet.invokeMethodAsync('ReplyLastAsync').catch(() => { });
                    } else if ((e.key === 'P' || e.key === 'p') && e.ctrlKey && e.shiftKey && !e.altKey) {
                        // Ctrl+Shift+P switches between a reply and a private note (customer conversations).
                        e.preventDefault();
                        textarea._qandu.dotnet.invokeMethodAsync('ToggleNoteAsync').catch(() => { });
                    } else if (e.key === 'Escape' && textarea.closest('.qd-composer')?.querySelector('[data-testid=composer-reply]')) {
                        e.preventDefault();
                        textarea._qandu.dotnet.invokeMethodAsync('CancelReplyAsync').catch(() => { });
                    }
                });
                textarea.addEventListener('input', () => {
                    const state = textarea._qandu;
                    try { localStorage.setItem(state.draftKey, textarea.value); } catch { /* storage full or off */ }
                    qandu.composer.resize(textarea);
                    qandu.composer.count(textarea);
                    qandu.composer.typing(textarea);
                    qandu.canned.input(textarea);
                });
            }
            textarea.value = localStorage.getItem(draftKey) ?? '';
            qandu.composer.resize(textarea);
            qandu.composer.count(textarea);
            textarea.focus();
        },

        async submit(textarea) {
            const state = textarea._qandu;
            const text = textarea.value;
            // Empty text still goes to the server when files are waiting to be sent with it.
            if (!state || (!text.trim() && !textarea.closest('.qd-composer')?.querySelector('[data-testid=upload-item]'))) return;
            let taken = false;
            try {
                taken = await state.dotnet.invokeMethodAsync('SubmitAsync', text);
            } catch {
                return; // disconnected: the text stays in the box and in the draft
            }
            if (taken && textarea.value === text) {
                state.lastTyping = 0; // the posted message ended the indicator; typing again signals at once
                textarea.value = '';
                localStorage.removeItem(state.draftKey);
                qandu.composer.resize(textarea);
                qandu.composer.count(textarea);
            }
            textarea.focus();
        },

        // Tells the server the user types: at most one signal per throttle interval, and one "stopped" when the box is cleared.
        typing(textarea) {
            const state = textarea._qandu;
            if (!state?.typingThrottle) return;
            const now = Date.now();
            if (textarea.value.trim() === '') {
                if (state.lastTyping) {
                    state.lastTyping = 0;
                    state.dotnet.invokeMethodAsync('TypingAsync', false).catch(() => { });
                }
            } else if (now - state.lastTyping >= state.typingThrottle) {
                state.lastTyping = now;
                state.dotnet.invokeMethodAsync('TypingAsync', true).catch(() => { });
            }
        },

        focus() {
            document.querySelector('[data-testid=composer]')?.focus();
        },

        // A suggestion put into the box to edit: it becomes the draft (as if typed), caret at the end.
        insert(text) {
            const textarea = document.querySelector('[data-testid=composer]');
            if (!textarea) return;
            textarea.value = text;
            textarea.dispatchEvent(new Event('input', { bubbles: true }));
            textarea.focus();
            textarea.setSelectionRange(text.length, text.length);
            textarea.scrollTop = textarea.scrollHeight;
        },

        resize(textarea) {
            textarea.style.height = 'auto';
            textarea.style.height = Math.min(textarea.scrollHeight, 200) + 'px';
        },

        count(textarea) {
            const counter = textarea.closest('.qd-composer')?.querySelector('[data-counter]');
            if (!counter) return;
            const length = textarea.value.trim().length, max = textarea._qandu.maxLength;
            counter.textContent = length > max * 0.9 ? `${length.toLocaleString()} / ${max.toLocaleString()}` : '';
            counter.classList.toggle('qd-over', length > max);
        },
    },

    // Files for the composer: chosen with the button, dropped on the thread or pasted; each is uploaded with
    // XMLHttpRequest (so the progress is the real upload progress) to /api/chat/files, then sent with the message by id.
    files: {
        uploads: new Map(),

        attach(composer, input, textarea, dotnet, antiforgery) {
            const zone = composer.parentElement ?? composer;
            if (composer._qanduFiles) { Object.assign(composer._qanduFiles, { dotnet, antiforgery }); return; }
            const state = composer._qanduFiles = { dotnet, antiforgery, depth: 0 };
            input.addEventListener('change', () => {
                qandu.files.add(state, [...input.files]);
                input.value = '';
            });
            const dragsFiles = e => [...(e.dataTransfer?.types ?? [])].includes('Files');
            zone.addEventListener('dragenter', e => {
                if (!dragsFiles(e)) return;
                e.preventDefault();
                state.depth++;
                composer.classList.add('qd-dropping');
            });
            zone.addEventListener('dragover', e => {
                if (!dragsFiles(e)) return;
                e.preventDefault();
                e.dataTransfer.dropEffect = 'copy';
            });
            zone.addEventListener('dragleave', e => {
                if (!dragsFiles(e)) return;
                if (--state.depth <= 0) { state.depth = 0; composer.classList.remove('qd-dropping'); }
            });
            zone.addEventListener('drop', e => {
                if (!dragsFiles(e)) return;
                e.preventDefault();
                state.depth = 0;
                composer.classList.remove('qd-dropping');
                qandu.files.add(state, [...e.dataTransfer.files]);
                textarea.focus();
            });
            textarea.addEventListener('paste', e => {
                const files = [...(e.clipboardData?.files ?? [])];
                if (files.length === 0) return; // plain text pastes as usual
                e.preventDefault();
                qandu.files.add(state, files);
            });
        },

        choose(input) {
            input.click();
        },

        async add(state, files) {
            for (const file of files) {
                const id = 'f' + Math.random().toString(36).slice(2) + Date.now().toString(36);
                let start = false;
                try {
                    start = await state.dotnet.invokeMethodAsync('FileAddedAsync', id, file.name || 'pasted-image.png', file.size);
                } catch {
                    return; // disconnected
                }
                if (start) qandu.files.upload(state, id, file);
            }
        },

        upload(state, id, file) {
            const xhr = new XMLHttpRequest();
            qandu.files.uploads.set(id, xhr);
            const tell = (method, ...args) => state.dotnet.invokeMethodAsync(method, id, ...args).catch(() => { });
            let shown = 0, last = 0;
            xhr.upload.addEventListener('progress', e => {
                if (!e.lengthComputable) return;
                const percent = Math.floor(e.loaded * 100 / e.total);
                const now = performance.now();
                // At most about ten updates a second: each one is a round trip to the server.
                if (percent > shown && (now - last > 100 || percent === 100)) {
                    shown = percent;
                    last = now;
                    tell('FileProgressAsync', percent);
                }
            });
            xhr.addEventListener('load', () => {
                qandu.files.uploads.delete(id);
                let body = null;
                try { body = JSON.parse(xhr.responseText); } catch { }
                if (xhr.status === 201 && body?.id) {
                    tell('FileUploadedAsync', body.id, body.mimeType, String(body.type));
                } else {
                    const reason = body?.errors ? Object.values(body.errors).flat()[0] : body?.detail;
                    tell('FileFailedAsync', reason || `${file.name || 'The file'} could not be uploaded (HTTP ${xhr.status}).`);
                }
            });
            xhr.addEventListener('error', () => {
                qandu.files.uploads.delete(id);
                tell('FileFailedAsync', `${file.name || 'The file'} could not be uploaded: the connection was lost.`);
            });
            xhr.open('POST', '/api/chat/files');
            xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name || 'pasted-image.png'));
            // The server refuses a cookie post without the page's antiforgery token (a page on another site has none).
            if (state.antiforgery?.token) xhr.setRequestHeader(state.antiforgery.header, state.antiforgery.token);
            if (file.type) xhr.setRequestHeader('Content-Type', file.type);
            xhr.send(file);
        },

        cancel(id) {
            qandu.files.uploads.get(id)?.abort();
            qandu.files.uploads.delete(id);
        },
    },

    // Reports that the person is at the keyboard (mouse, keys, touch, coming back to the tab), at most once per interval,
    // so the server can show them Away after a while without any and Online again when they return.
    activity: {
        attach(dotnet, intervalMs) {
            const state = window._qanduActivity ??= { last: 0 };
            state.dotnet = dotnet;
            state.interval = intervalMs;
            if (state.listening) return;
            state.listening = true;
            const report = () => {
                const now = Date.now();
                if (!state.dotnet || document.visibilityState === 'hidden' || now - state.last < state.interval) return;
                state.last = now;
                state.dotnet.invokeMethodAsync('ActiveAsync').catch(() => { /* disconnected */ });
            };
            for (const name of ['mousemove', 'mousedown', 'keydown', 'wheel', 'touchstart', 'focus'])
                window.addEventListener(name, report, { passive: true, capture: true });
            document.addEventListener('visibilitychange', report);
        },

        detach(dotnet) {
            if (window._qanduActivity?.dotnet === dotnet) window._qanduActivity.dotnet = null;
        },
    },

    // Reply suggestions: Alt+1/2/3 inserts one, Alt+S asks for them; the open thread's bar answers.
    suggestions: {
        attach(dotnet) {
            const first = !window._qanduSuggestions;
            window._qanduSuggestions = { dotnet };
            if (!first) return;
            document.addEventListener('keydown', e => {
                const bar = window._qanduSuggestions?.dotnet;
                if (!bar || !e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
                const digit = /^Digit([1-3])$/.exec(e.code);
                if (digit) {
                    e.preventDefault();
                    bar.invokeMethodAsync('InsertRankAsync', Number(digit[1]) - 1).catch(() => { });
                } else if (e.code === 'KeyS') {
                    e.preventDefault();
                    bar.invokeMethodAsync('SuggestAsync').catch(() => { });
                }
            });
        },

        detach(dotnet) {
            if (window._qanduSuggestions?.dotnet === dotnet) window._qanduSuggestions.dotnet = null;
        },
    },

    // The inline editor of one's own message: Enter saves, Shift+Enter adds a line, Escape cancels.
    editor: {
        attach(textarea, dotnet) {
            textarea.addEventListener('keydown', e => {
                if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                    e.preventDefault();
                    dotnet.invokeMethodAsync('SaveAsync', textarea.value).catch(() => { });
                } else if (e.key === 'Escape') {
                    e.preventDefault();
                    e.stopPropagation();
                    dotnet.invokeMethodAsync('CancelAsync').catch(() => { });
                }
            });
            textarea._qandu = { dotnet };
            qandu.composer.resize(textarea);
            textarea.focus();
            textarea.setSelectionRange(textarea.value.length, textarea.value.length);
        },

        submit(textarea) {
            textarea._qandu?.dotnet.invokeMethodAsync('SaveAsync', textarea.value).catch(() => { });
        },
    },

    // App-wide keys: Alt+Up/Down moves through the inbox list; ? (when not typing) or Ctrl+/ opens the shortcuts help.
    shortcuts: {
        dotnet: null,

        attach(dotnet) {
            const first = !qandu.shortcuts.dotnet && !qandu.shortcuts.listening;
            qandu.shortcuts.dotnet = dotnet;
            if (!first) return;
            qandu.shortcuts.listening = true;
            document.addEventListener('keydown', e => {
                if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
                    if (qandu.shortcuts.moveThread(e.key === 'ArrowUp' ? -1 : 1)) e.preventDefault();
                    return;
                }
                if (e.key === 'Escape' && qandu.shortcuts.dotnet && document.querySelector('[data-testid=shortcuts-help]')) {
                    qandu.shortcuts.dotnet.invokeMethodAsync('CloseAsync').catch(() => { });
                    return;
                }
                const help = (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !qandu.shortcuts.typing(e.target))
                    || ((e.ctrlKey || e.metaKey) && e.key === '/');
                if (help && qandu.shortcuts.dotnet) {
                    e.preventDefault();
                    qandu.shortcuts.dotnet.invokeMethodAsync('OpenAsync').catch(() => { });
                }
            });
        },

        detach() {
            qandu.shortcuts.dotnet = null;
        },

        typing: target => !!target?.closest?.('input, textarea, select, [contenteditable]:not([contenteditable=false])'),

        // Answers whether the key was used (there is an inbox list on the page).
        moveThread(step) {
            const items = [...document.querySelectorAll('[data-testid=thread-item]')];
            if (items.length === 0) return false;
            const current = items.findIndex(i => i.getAttribute('aria-current') === 'page');
            const next = current < 0 ? (step > 0 ? 0 : items.length - 1) : current + step;
            if (next >= 0 && next < items.length) {
                items[next].scrollIntoView({ block: 'nearest' });
                items[next].click();
            }
            return true;
        },
    },

    messages: {
        attach(scroller, dotnet) {
            if (scroller._qandu) { scroller._qandu.dotnet = dotnet; return; }
            scroller._qandu = { dotnet, busy: false, atBottom: true };
            // When the list gets shorter (the suggestion bar opens, the composer grows, the window shrinks), a reader at
            // the bottom stays at the bottom, so what was last on screen (the message suggestions answer) is not covered.
            new ResizeObserver(() => {
                if (scroller._qandu.atBottom) scroller.scrollTop = scroller.scrollHeight;
            }).observe(scroller);
            scroller.addEventListener('scroll', async () => {
                const state = scroller._qandu;
                state.atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 4;
                if (scroller.scrollTop < 120 && !state.busy && scroller.querySelector('.qd-older')) {
                    state.busy = true;
                    state.fromBottom = scroller.scrollHeight - scroller.scrollTop;
                    try { await state.dotnet.invokeMethodAsync('OnScrolledToTopAsync'); } catch { }
                    state.busy = false;
                }
            }, { passive: true });
        },

        // Brings a message into view and highlights it briefly (the animation restarts when jumped to again).
        reveal(scroller, messageId) {
            const message = scroller?.querySelector(`#message-${messageId}`);
            if (!message) return false;
            const state = scroller._qandu ??= {};
            state.fromBottom = 0; // a jump replaces any "keep position" still pending
            message.scrollIntoView({ block: 'center' });
            message.classList.remove('qd-message--highlight');
            void message.offsetWidth;
            message.classList.add('qd-message--highlight');
            return true;
        },

        narrow: () => window.matchMedia('(max-width: 900px)').matches,

        remember(scroller) {
            scroller._qandu ??= {};
            scroller._qandu.fromBottom = scroller.scrollHeight - scroller.scrollTop;
        },

        scroll(scroller, intent) {
            const state = scroller._qandu ?? {};
            if (intent === 'Bottom') {
                scroller.scrollTop = scroller.scrollHeight;
            } else if (intent === 'BottomIfNear') {
                const near = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 240;
                if (near) scroller.scrollTop = scroller.scrollHeight;
            } else if (intent === 'Divider') {
                // Opened with unread messages: show the "New messages" line, not the bottom, when both do not fit.
                scroller.scrollTop = scroller.scrollHeight;
                const divider = scroller.querySelector('[data-testid=new-messages]');
                const above = divider ? divider.getBoundingClientRect().top - scroller.getBoundingClientRect().top : 0;
                if (above < 0) scroller.scrollTop += above - 8;
            } else if (intent === 'KeepPosition' && state.fromBottom) {
                // Older messages were added above: keep what the reader was looking at in place.
                scroller.scrollTop = scroller.scrollHeight - state.fromBottom;
                state.fromBottom = 0;
            }
        },
    },
};

// The reconnect banner: Blazor reports the circuit's state as classes on #components-reconnect-modal.
document.addEventListener('click', e => {
    if (e.target.closest('[data-reload]')) location.reload();
});

// The server no longer knows this circuit (it restarted): reload at once; drafts are in localStorage.
document.getElementById('components-reconnect-modal')?.addEventListener('components-reconnect-state-changed', e => {
    if (e.detail?.state === 'rejected') location.reload();
});

// An image from another host in message text loads only when the reader clicks its button (MarkdownRenderer), and
// then without telling that host which page it was shown on.
document.addEventListener('click', e => {
    const button = e.target.closest?.('button.qd-external-image');
    if (!button) return;
    const image = document.createElement('img');
    image.referrerPolicy = 'no-referrer';
    image.src = button.dataset.src;
    image.alt = button.dataset.alt || '';
    if (button.dataset.title) image.title = button.dataset.title;
    button.replaceWith(image);
});

// "/" in the composer: the word being typed after a slash (at the start of a word) narrows the canned-response list; while
// the list is open, arrows, Enter, Tab and Esc are its keys. The server fills the chosen response and it replaces the word.
qandu.canned = {
    word(textarea) {
        const caret = textarea.selectionStart;
        if (caret !== textarea.selectionEnd) return null;
        const match = /(^|\s)\/([^\s\/]{0,40})$/.exec(textarea.value.slice(0, caret));
        return match ? { start: match.index + match[1].length, end: caret, query: match[2] } : null;
    },

    input(textarea) {
        const state = textarea._qandu;
        const word = qandu.canned.word(textarea);
        if (word && state.slashDismissed === word.start) return; // closed with Esc: not again for this word
        if (!word && !state.slash) return;
        state.slash = word;
        if (!word) state.slashDismissed = null;
        state.dotnet.invokeMethodAsync('SlashAsync', word ? word.query : null).catch(() => { /* disconnected: the composer works as before */ });
    },

    // The list is open when it shows something to pick: what the person sees decides where the key goes.
    isOpen: textarea => !!textarea.closest('.qd-composer')?.querySelector('[data-testid=canned-option]'),

    keydown(textarea, e) {
        const state = textarea._qandu;
        if (!state?.slash || e.isComposing || e.altKey || e.ctrlKey || e.metaKey || !qandu.canned.isOpen(textarea)) return false;
        if (!['ArrowDown', 'ArrowUp', 'Enter', 'Tab', 'Escape'].includes(e.key) || (e.shiftKey && e.key !== 'Tab')) return false;
        e.preventDefault();
        e.stopPropagation();
        if (e.key === 'Escape') state.slashDismissed = state.slash.start;
        state.dotnet.invokeMethodAsync('SlashKeyAsync', e.key).catch(() => { });
        return true;
    },

    // Puts the filled text in place of the slash word (as if typed: it becomes the draft), caret after it.
    replace(textarea, text) {
        const state = textarea._qandu;
        const word = state?.slash ?? qandu.canned.word(textarea);
        const start = word ? word.start : textarea.selectionStart, end = word ? word.end : textarea.selectionEnd;
        if (state) state.slash = null;
        textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
        textarea.focus();
        textarea.setSelectionRange(start + text.length, start + text.length);
        textarea.dispatchEvent(new Event('input', { bubbles: true }));
    },
};
