// The sign-in form. A wrong username and a wrong password get the same answer; after
// repeated failures the server slows down, and the form says so instead of seeming to hang.

import { h, uid } from './dom.js';
import { t } from './i18n.js';
import { post, ApiError } from './api.js';

const SLOW_NOTICE_MS = 1500;

export function showLogin(main, { onSignedIn }) {
  const userId = uid('username');
  const passId = uid('password');
  const username = h('input', { id: userId, name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none' });
  const password = h('input', { id: passId, name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('p.form-error', { id: 'login-error', role: 'alert' });
  const pending = h('p.hint', { 'aria-live': 'polite' });
  const submit = h('button.btn.btn-primary', { type: 'submit' }, t('login.submit'));
  const form = h('form.login-form', { novalidate: true, onsubmit: (e) => { e.preventDefault(); signIn(); } },
    h('h1', {}, t('login.title')),
    h('p', {}, t('login.intro')),
    h('div.field', {}, h('label', { for: userId }, t('login.username')), username),
    h('div.field', {}, h('label', { for: passId }, t('login.password')), password),
    message, pending, submit);
  main.append(h('section.login', {}, form));
  username.focus();

  async function signIn() {
    message.textContent = '';
    if (!username.value.trim() || !password.value) {
      message.textContent = t('login.missing');
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    const slow = setTimeout(() => { pending.textContent = t('login.slowedNoTime'); }, SLOW_NOTICE_MS);
    try {
      await post('/api/login', { username: username.value.trim(), password: password.value });
      clearTimeout(slow);
      await onSignedIn();
    } catch (e) {
      clearTimeout(slow);
      pending.textContent = '';
      message.textContent = explain(e);
      password.value = '';
      password.focus();
      // While the server refuses anyway, the button waits too, so a retry is not wasted.
      const wait = e instanceof ApiError && e.status === 429 ? waitSeconds(e) : null;
      setTimeout(() => { submit.disabled = false; }, (wait ?? 0) * 1000);
    }
  }

  return () => {};
}

function waitSeconds(e) {
  const seconds = Number.parseInt(e.retryAfter, 10);
  return Number.isFinite(seconds) ? seconds : null;
}

function explain(e) {
  if (!(e instanceof ApiError)) return t('login.error', { message: e.message });
  if (e.status === 429) {
    const seconds = waitSeconds(e);
    if (seconds === null) return t('login.slowedNoTime');
    return seconds === 1 ? t('login.slowed1') : t('login.slowed', { seconds });
  }
  if (e.status === 401 || e.status === 400) return t('login.failed');
  if (e.status === 0) return t('error.network');
  return t('error.server', { status: e.status });
}
