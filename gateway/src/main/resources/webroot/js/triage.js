// The triage view: every patient of the user's care teams, most urgent first, with why each
// alert was raised, the latest readings and a 14-day sparkline; kept current from the
// server's live events without a reload.

import { h, clear } from './dom.js';
import { t, typeName, quantity, ago, dateTime, clock } from './i18n.js';
import { get, isTransient } from './api.js';
import { alertLine, statusBadge, statusOf, isNewRed, unacknowledgedRed } from './alerts.js';
import { sparkline, seconds } from './charts.js';
import { soundOn, setSound } from './live.js';

const ORDER = { red: 0, yellow: 1, blue: 2, green: 3 };
const SPARK_DAYS = 14;
const REFRESH_AFTER_ALERT_MS = 300;
const REFRESH_AFTER_READING_MS = 1500;
const SPARKLINES_EVERY_MS = 5 * 60 * 1000;
const AGES_EVERY_MS = 60 * 1000;
const RETRY_MS = 5000;

export function showTriage(main, ctx) {
  ctx.setPage(t('triage.title'));
  if (ctx.session.role === 'admin') {
    main.append(h('h1', {}, t('triage.title')), h('p', {}, t('error.adminNoPatients')));
    return () => {};
  }
  // live: the readings the event stream brought, kept so a list fetched from the server's short cache cannot hide them.
  const view = { patients: null, sparks: {}, live: {}, fresh: new Set(), updatedAt: null, plots: [] };
  const summary = h('p.summary', { id: 'triage-summary' });
  const liveState = h('span.live-state');
  const list = h('ol.triage', { 'aria-labelledby': 'triage-title', 'aria-describedby': 'triage-summary' });
  const soundBox = h('input', { type: 'checkbox', id: 'sound-toggle', checked: soundOn(),
    onchange: (e) => setSound(e.target.checked) });
  main.append(
    h('div.view-head', {},
      h('h1', { id: 'triage-title' }, t('triage.title')),
      h('div.view-tools', {},
        h('span.toggle', {}, soundBox, h('label', { for: 'sound-toggle' }, t('triage.sound'))),
        liveState)),
    summary, list);

  let alertTimer = null;
  let retryTimer = null;
  let readingTimer = null;
  const schedule = (ms) => setTimeout(() => load(false), ms);
  const offAlert = ctx.live.on('alert', (alert) => {
    if (isNewRed(alert)) view.fresh.add(alert.patient);
    clearTimeout(alertTimer);
    alertTimer = schedule(REFRESH_AFTER_ALERT_MS);
  });
  const offReading = ctx.live.on('reading', (r) => {
    remember(r);
    if (!readingTimer) readingTimer = schedule(REFRESH_AFTER_READING_MS);
  });
  const showLive = (up) => {
    liveState.textContent = `${t('triage.live')}: ${up ? t('triage.liveOn') : t('triage.liveOff')}`;
    liveState.className = `live-state ${up ? 'live-on' : 'live-off'}`;
  };
  const offStatus = ctx.live.on('status', showLive);
  showLive(ctx.live.connected);
  const agesTimer = setInterval(() => view.patients && draw(), AGES_EVERY_MS);
  const sparkTimer = setInterval(() => loadSparklines().then(() => view.patients && draw()), SPARKLINES_EVERY_MS);

  load(true);

  async function load(withSparklines) {
    readingTimer = null;
    try {
      const [patients] = await Promise.all([get('/api/patients'), withSparklines ? loadSparklines() : null]);
      view.patients = patients;
      view.updatedAt = Date.now();
      draw();
    } catch (e) {
      ctx.failed(e, list);
      if (isTransient(e)) retryTimer = setTimeout(() => load(true), RETRY_MS);
    }
  }

  async function loadSparklines() {
    try {
      view.sparks = (await get(`/api/sparklines?days=${SPARK_DAYS}`)) ?? {};
    } catch {
      // The list is what matters; it shows without its sparklines.
      view.sparks = {};
    }
  }

  function remember(r) {
    const known = view.live[r.patient]?.[r.type];
    if (known && Date.parse(known.ts) >= Date.parse(r.ts)) return;
    view.live[r.patient] = { ...view.live[r.patient], [r.type]: { value: r.value, unit: r.unit, ts: r.ts } };
    const points = view.sparks?.[r.patient]?.[r.type];
    if (points) {
      points.push([r.ts, r.value]);
      points.sort((a, b) => seconds(a[0]) - seconds(b[0]));
    }
  }

  /** The newer of what the list says and what the live stream brought, per type. */
  function latestOf(p) {
    const latest = { ...(p.latest ?? {}) };
    for (const [type, r] of Object.entries(view.live[p.id] ?? {})) {
      if (!latest[type] || Date.parse(latest[type].ts) < Date.parse(r.ts)) latest[type] = r;
    }
    return latest;
  }

  function draw() {
    const focusKey = document.activeElement?.dataset?.focusKey;
    view.plots.forEach((p) => p.destroy());
    view.plots = [];
    const patients = [...view.patients].sort((a, b) => (ORDER[statusOf(a.status)] - ORDER[statusOf(b.status)]));
    const counts = { red: 0, yellow: 0, blue: 0, green: 0 };
    patients.forEach((p) => { counts[statusOf(p.status)] += 1; });
    summary.textContent = `${t('triage.summary', { total: patients.length, ...counts })} · ${t('triage.updated', { time: clock(view.updatedAt) })}`;
    ctx.setRedCount(unacknowledgedRed(patients));
    clear(list);
    if (!patients.length) list.append(h('li.empty', {}, t('triage.empty')));
    for (const p of patients) list.append(row(p));
    view.fresh.clear();
    if (focusKey) list.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  function row(p) {
    const status = statusOf(p.status);
    const name = p.displayName || p.id;
    const alerts = p.openAlerts ?? [];
    const latest = Object.entries(latestOf(p));
    const sparkType = alerts.find((a) => a.type !== 'device')?.type ?? latest[0]?.[0];
    const sparkCell = h('div.cell.cell-spark');
    const points = view.sparks?.[p.id]?.[sparkType];
    if (sparkType && points?.length) {
      const label = t('triage.sparkline', { type: typeName(sparkType) });
      const holder = h('div.spark', { role: 'img', 'aria-label': label, title: label });
      sparkCell.append(h('span.spark-label', { 'aria-hidden': 'true' }, typeName(sparkType)), holder);
      const to = Date.now() / 1000;
      view.plots.push(sparkline(holder, points, { from: to - SPARK_DAYS * 86400, to }));
    }
    const rowEl = h(`li.row.row-${status}`, { dataset: { patient: p.id, status }, class: view.fresh.has(p.id) ? 'row-fresh' : '' },
      h('div.cell.cell-status', {}, statusBadge(status)),
      h('div.cell.cell-patient', {},
        h('a.patient-link', { href: `#/patients/${encodeURIComponent(p.id)}`, dataset: { focusKey: `open-${p.id}` } }, name),
        h('span.meta', {}, [p.displayName ? p.id : null, p.careTeam, ...(p.conditions ?? []).map((c) => t(`condition.${c}`))]
          .filter(Boolean).join(' · '))),
      h('div.cell.cell-alerts', {}, alerts.length
        ? h('ul.alerts', { 'aria-label': t('triage.colAlerts') }, alerts.map((a) => {
          const line = alertLine(a, () => load(false), name);
          line.querySelector('button')?.setAttribute('data-focus-key', `ack-${a.alertId}`);
          return line;
        }))
        : h('span.muted', {}, t('triage.noAlerts'))),
      h('div.cell.cell-latest', {}, latest.length
        ? h('dl.latest', { 'aria-label': t('triage.colLatest') }, latest.flatMap(([type, r]) => [
          h('dt', {}, typeName(type)),
          h('dd', {}, h('span.value', {}, quantity(r.value, r.unit)), ' ',
            h('span.meta', { title: dateTime(r.ts) }, ago(r.ts))),
        ]))
        : h('span.muted', {}, t('triage.noReadings'))),
      sparkCell);
    return rowEl;
  }

  return () => {
    offAlert();
    offReading();
    offStatus();
    clearTimeout(alertTimer);
    clearTimeout(retryTimer);
    clearTimeout(readingTimer);
    clearInterval(agesTimer);
    clearInterval(sparkTimer);
    view.plots.forEach((p) => p.destroy());
  };
}
