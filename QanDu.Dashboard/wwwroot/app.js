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

    composer: {
        attach(textarea, dotnet, draftKey, maxLength) {
            if (textarea._qandu) {
                textarea._qandu.dotnet = dotnet;
                textarea._qandu.draftKey = draftKey;
            } else {
                textarea._qandu = { dotnet, draftKey, maxLength };
                textarea.addEventListener('keydown', e => {
                    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                        e.preventDefault();
                        qandu.composer.submit(textarea);
                    } else if (e.key === 'ArrowUp' && !e.altKey && !e.shiftKey && !e.ctrlKey && !e.metaKey && textarea.value === '') {
                        // Up in an empty composer edits one's last message, as in Slack and Mattermost.
                        e.preventDefault();
                        textarea._qandu.dotnet.invokeMethodAsync('EditLastAsync').catch(() => { });
                    }
                });
                textarea.addEventListener('input', () => {
                    const state = textarea._qandu;
                    try { localStorage.setItem(state.draftKey, textarea.value); } catch { /* storage full or off */ }
                    qandu.composer.resize(textarea);
                    qandu.composer.count(textarea);
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
            if (!state || !text.trim()) return;
            let taken = false;
            try {
                taken = await state.dotnet.invokeMethodAsync('SubmitAsync', text);
            } catch {
                return; // disconnected: the text stays in the box and in the draft
            }
            if (taken && textarea.value === text) {
                textarea.value = '';
                localStorage.removeItem(state.draftKey);
                qandu.composer.resize(textarea);
                qandu.composer.count(textarea);
            }
            textarea.focus();
        },

        focus() {
            document.querySelector('[data-testid=composer]')?.focus();
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
            scroller._qandu = { dotnet, busy: false };
            scroller.addEventListener('scroll', async () => {
                const state = scroller._qandu;
                if (scroller.scrollTop < 120 && !state.busy && scroller.querySelector('.qd-older')) {
                    state.busy = true;
                    state.fromBottom = scroller.scrollHeight - scroller.scrollTop;
                    try { await state.dotnet.invokeMethodAsync('OnScrolledToTopAsync'); } catch { }
                    state.busy = false;
                }
            }, { passive: true });
        },

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
