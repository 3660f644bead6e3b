// Alerts for agents (issue 14): a beep, the count in the tab title, and a desktop notification when the tab is hidden.
// The choice of desktop notifications and sound is kept per browser; permission is asked only from the profile's
// toggle, never on load. The state is written on <body> (data-notify-count, data-last-alert) so a test can read it.
window.qandu = window.qandu || {};
window.qandu.notify = {
    count: 0,
    desktopKey: 'qandu.notify.desktop',
    soundKey: 'qandu.notify.sound',

    settings() {
        let desktop = false, sound = true;
        try {
            desktop = localStorage.getItem(this.desktopKey) === 'on';
            sound = localStorage.getItem(this.soundKey) !== 'off';
        } catch { /* storage off */ }
        const permission = 'Notification' in window ? Notification.permission : 'unsupported';
        return { desktop: desktop && permission === 'granted', sound, permission };
    },

    // From the toggle (a click, so the browser lets us ask): asks permission when switching on; answers the settings.
    async setDesktop(on) {
        if (on && 'Notification' in window && Notification.permission === 'default') {
            try { await Notification.requestPermission(); } catch { /* dismissed */ }
        }
        try { localStorage.setItem(this.desktopKey, on ? 'on' : 'off'); } catch { }
        return this.settings();
    },

    setSound(on) {
        try { localStorage.setItem(this.soundKey, on ? 'on' : 'off'); } catch { }
        return this.settings();
    },

    attach() {
        if (this.attached) return;
        this.attached = true;
        document.body.dataset.alerts = 'attached'; // the circuit is interactive (tests wait for it before clicking)
        const reset = () => { if (!document.hidden) this.reset(); };
        document.addEventListener('visibilitychange', reset);
        window.addEventListener('focus', reset);
        document.addEventListener('pointerdown', reset, true);
        document.addEventListener('keydown', reset, true);
        // Page titles change on navigation: keep the count in front of whatever the page sets.
        const title = document.querySelector('title');
        if (title) new MutationObserver(() => this.applyTitle()).observe(title, { childList: true, characterData: true, subtree: true });
    },

    alert(kind, threadId, title, body) {
        this.count++;
        const settings = this.settings();
        const state = document.body.dataset;
        state.notifyCount = String(this.count);
        state.lastAlert = `${kind}:${threadId}`;
        state.lastAlertSound = settings.sound ? this.beep() : 'off';
        state.lastAlertDesktop = this.desktop(settings, threadId, title, body);
        this.applyTitle();
    },

    reset() {
        if (this.count === 0) return;
        this.count = 0;
        document.body.dataset.notifyCount = '0';
        this.applyTitle();
    },

    applyTitle() {
        const bare = document.title.replace(/^\(\d+\) /, '');
        const wanted = this.count > 0 ? `(${this.count}) ${bare}` : bare;
        if (document.title !== wanted) document.title = wanted;
    },

    // A short two-tone beep made with WebAudio (no file to load); 'blocked' until the page has had a click or key press.
    beep() {
        try {
            this.audio = this.audio || new (window.AudioContext || window.webkitAudioContext)();
            const ctx = this.audio;
            if (ctx.state === 'suspended') ctx.resume().catch(() => { });
            const gain = ctx.createGain();
            gain.gain.setValueAtTime(0.0001, ctx.currentTime);
            gain.gain.exponentialRampToValueAtTime(0.15, ctx.currentTime + 0.02);
            gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.3);
            gain.connect(ctx.destination);
            for (const [freq, at] of [[880, 0], [1320, 0.12]]) {
                const osc = ctx.createOscillator();
                osc.frequency.value = freq;
                osc.connect(gain);
                osc.start(ctx.currentTime + at);
                osc.stop(ctx.currentTime + at + 0.15);
            }
            return ctx.state === 'running' ? 'played' : 'blocked';
        } catch {
            return 'unsupported';
        }
    },

    desktop(settings, threadId, title, body) {
        if (!settings.desktop) return settings.permission === 'granted' ? 'off' : `permission-${settings.permission}`;
        if (!document.hidden) return 'tab-visible';
        try {
            const n = new Notification(title, { body, tag: `qandu-thread-${threadId}`, icon: '/favicon.svg' });
            n.onclick = () => {
                window.focus();
                const url = `/threads/${threadId}`;
                if (window.Blazor?.navigateTo) window.Blazor.navigateTo(url); else location.href = url;
                n.close();
            };
            return 'shown';
        } catch {
            return 'failed';
        }
    },
};
