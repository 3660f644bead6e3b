// The password checklist on the invitation and reset pages: each of Identity's rules ticks as it is met while typing,
// and the repeat field says when the two differ. A file, not inline script: the page's policy is script-src 'self'.
(() => {
    const password = document.getElementById('password');
    const confirm = document.getElementById('confirm');
    const rules = document.querySelectorAll('#password-rules [data-rule]');
    const mismatch = document.getElementById('confirm-mismatch');
    if (!password || !rules.length) return;
    const tests = {
        length: (value, item) => value.length >= Number(item.dataset.min || 8),
        upper: value => /[A-Z]/.test(value),
        lower: value => /[a-z]/.test(value),
        digit: value => /[0-9]/.test(value),
        symbol: value => /[^A-Za-z0-9]/.test(value),
    };
    const update = () => {
        for (const item of rules) {
            const met = tests[item.dataset.rule]?.(password.value, item) ?? false;
            item.classList.toggle('met', met);
            item.setAttribute('aria-checked', met ? 'true' : 'false');
        }
        if (mismatch && confirm) mismatch.hidden = !confirm.value || confirm.value === password.value;
    };
    password.addEventListener('input', update);
    confirm?.addEventListener('input', update);
    update();
})();
