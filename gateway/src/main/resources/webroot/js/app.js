// The dashboard's entry point: the session, the header, and which view the address shows.
// Views live at #/ (triage), #/patients/{id} and #/overview, so a reload or a shared link
// opens the same view, and the server serves one page.

import { h, clear } from './dom.js';
import { t, lang, setLang, onLangChange } from './i18n.js';
import { get, post, setCsrfToken, ApiError } from './api.js';
import { Live, setTitle, beep, announce } from './live.js';
import { isNewRed, unacknowledgedRed, why } from './alerts.js';
import { showLogin } from './login.js';
import { showTriage } from './triage.js';
import { showPatient } from './patient.js';
import { showOverview } from './overview.js';

const app = {
  session: null,
  live: new Live(() => streamClosed()),
  redCount: 0,
  pageTitle: '',
  cleanup: null,
};

const RED_COUNT_REFRESH_MS = 500;
let redCountTimer = null;

/** Wherever the user is, a new red alert sounds (if wanted), is announced, and the title's count follows. */
function watchRedAlerts() {
  app.live.on('alert', (alert) => {
    if (isNewRed(alert)) {
      beep();
      announce(t('live.newRed', { patient: alert.patient, why: why(alert) }));
    }
    clearTimeout(redCountTimer);
    redCountTimer = setTimeout(refreshRedCount, RED_COUNT_REFRESH_MS);
  });
}

async function refreshRedCount() {
  if (!app.session || app.session.role === 'admin') return;
  try {
    context.setRedCount(unacknowledgedRed(await get('/api/patients')));
  } catch {
    // The count stays as it was; the views report their own failures.
  }
}

function route() {
  const path = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  const patient = path.match(/^\/patients\/([^/]+)$/);
  if (patient) return { name: 'patient', id: patient[1] };
  if (path === '/overview') return { name: 'overview' };
  return { name: 'triage' };
}

const context = {
  get session() { return app.session; },
  live: app.live,
  setPage(title) {
    app.pageTitle = title;
    setTitle(title, app.redCount);
  },
  setRedCount(n) {
    app.redCount = n;
    setTitle(app.pageTitle, n);
  },
  get redCount() { return app.redCount; },
  /** Every view hands its failures here: an expired session shows the sign-in again. */
  failed(error, where) {
    if (error instanceof ApiError && error.status === 401) {
      signedOut();
      return;
    }
    const main = document.getElementById('main');
    const message = !(error instanceof ApiError) ? error.message
      : error.status === 0 ? t('error.network')
        : error.status === 503 ? t('error.unavailable') : t('error.server', { status: error.status });
    (where ?? main).replaceChildren(h('p.form-error', { role: 'alert' }, message));
  },
};

async function loadSession() {
  try {
    app.session = await get('/api/session');
    setCsrfToken(app.session.csrfToken);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    app.session = null;
    setCsrfToken(null);
  }
}

/** The live stream was refused: a session that ended shows the sign-in; otherwise it reopens. */
async function streamClosed() {
  try {
    await get('/api/session');
    app.live.start();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) signedOut();
    else app.live.start();
  }
}

function signedOut() {
  app.session = null;
  setCsrfToken(null);
  app.live.stop();
  render();
}

async function logout() {
  try {
    await post('/api/logout');
  } catch {
    // Signed out locally either way; the session ends on the server when it expires.
  }
  // Without a hashchange event: one render of the sign-in, not two racing each other.
  history.replaceState(null, '', '#/');
  signedOut();
}

function renderHeader() {
  const bar = document.getElementById('topbar');
  const s = app.session;
  const current = route().name;
  const langId = 'lang-select';
  const select = h('select', { id: langId, onchange: (e) => setLang(e.target.value) },
    h('option', { value: 'da', selected: lang() === 'da' }, 'Dansk'),
    h('option', { value: 'en', selected: lang() === 'en' }, 'English'));
  bar.replaceChildren(...[
    h('a.brand', { href: '#/' }, h('span.brand-mark', { 'aria-hidden': 'true' }), t('app.title')),
    s ? h('nav.nav', { 'aria-label': t('nav.main') },
      h('a', { href: '#/', 'aria-current': current === 'triage' || current === 'patient' ? 'page' : null }, t('nav.triage')),
      h('a', { href: '#/overview', 'aria-current': current === 'overview' ? 'page' : null }, t('nav.overview'))) : null,
    h('div.topbar-right', {},
      s ? h('span.whoami', {}, t('nav.signedInAs', { user: s.username, role: t(`role.${s.role}`) })) : null,
      h('span.lang', {}, h('label', { for: langId }, t('nav.language')), select),
      s ? h('button.btn.btn-small', { type: 'button', onclick: logout }, t('nav.logout')) : null),
  ].filter(Boolean));
  document.getElementById('skip-link').textContent = t('skip');
}

function render() {
  app.cleanup?.();
  app.cleanup = null;
  document.documentElement.lang = lang();
  renderHeader();
  const main = clear(document.getElementById('main'));
  if (!app.session) {
    context.setPage(t('login.title'));
    app.cleanup = showLogin(main, { onSignedIn });
    return;
  }
  if (!app.live.source) refreshRedCount();
  app.live.start();
  const r = route();
  if (r.name === 'patient') app.cleanup = showPatient(main, context, r.id);
  else if (r.name === 'overview') app.cleanup = showOverview(main, context);
  else app.cleanup = showTriage(main, context);
}

async function onSignedIn() {
  await loadSession();
  render();
  document.getElementById('main').focus();
}

async function boot() {
  document.getElementById('skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    document.getElementById('main').focus();
  });
  window.addEventListener('hashchange', () => {
    render();
    document.getElementById('main').focus({ preventScroll: true });
  });
  onLangChange(render);
  watchRedAlerts();
  try {
    await loadSession();
  } catch (e) {
    renderHeader();
    context.failed(e);
    return;
  }
  render();
}

boot();
