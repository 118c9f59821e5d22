// The patient view: per measurement type a chart over 7, 30 or 90 days with the patient's
// own bands, alert markers, the personal best and paused intervals; the open alerts (to
// acknowledge) and the alert history; and, for clinicians, the patient's settings.

import { h, clear, uid } from './dom.js';
import { t, typeName, quantity, unitText, dateTime, num } from './i18n.js';
import { get, ApiError, isTransient } from './api.js';
import { alertLine, statusBadge, severityWord, why, lateTimes, resolvedBy } from './alerts.js';
import { patientChart, seconds } from './charts.js';
import { showSettings } from './settings.js';
import { drawSymptoms } from './symptoms.js';

const PERIODS = [7, 30, 90];
const TYPE_ORDER = ['glucose', 'ketones', 'spo2', 'pulse', 'resp_rate', 'fev1', 'fvc', 'pef', 'weight', 'temperature', 'bp_sys', 'bp_dia'];
const ZONE = 'Europe/Copenhagen';
const RELOAD_AFTER_EVENT_MS = 500;
const RETRY_MS = 5000;

export function showPatient(main, ctx, id) {
  ctx.setPage(id);
  const view = { detail: null, history: [], days: PERIODS[0], plots: [] };
  let reloadTimer = null;
  const reloadSoon = () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => load(), RELOAD_AFTER_EVENT_MS);
  };
  const offAlert = ctx.live.on('alert', (a) => a.patient === id && reloadSoon());
  const offReading = ctx.live.on('reading', (r) => r.patient === id && reloadSoon());
  // Charts follow their card's width (a rotated tablet, a resized window) without fetching again.
  const resizer = new ResizeObserver((entries) => {
    for (const entry of entries) {
      const plot = view.plots.find((p) => p.root.parentElement === entry.target);
      const width = Math.floor(entry.contentRect.width);
      if (plot && width > 0 && Math.abs(plot.width - width) > 1) plot.setSize({ width, height: plot.height });
    }
  });

  const back = h('p.back', {}, h('a', { href: '#/' }, t('patient.back')));
  const head = h('div.patient-head');
  const open = h('section.card', { 'aria-labelledby': 'open-title' });
  const charts = h('section.card', { 'aria-labelledby': 'charts-title' });
  const symptoms = h('section.card.symptoms', { 'aria-labelledby': 'symptoms-title', hidden: true });
  const history = h('section.card', { 'aria-labelledby': 'history-title' });
  const settings = h('div');
  main.append(back, head, open, charts, symptoms, history, settings);
  load(true);

  async function load(first = false) {
    try {
      const [detail, alerts] = await Promise.all([
        get(`/api/patients/${encodeURIComponent(id)}`),
        get(`/api/patients/${encodeURIComponent(id)}/alerts`).catch((e) => {
          if (e instanceof ApiError && (e.status === 401 || e.status === 403 || e.status === 404)) throw e;
          return [];
        }),
      ]);
      view.detail = detail;
      view.history = Array.isArray(alerts) ? alerts : (alerts?.alerts ?? []);
      drawHead();
      drawOpen();
      drawHistory();
      await drawCharts();
      if (first && ctx.session.role === 'clinician') {
        showSettings(settings, ctx, detail, () => load());
      }
    } catch (e) {
      if (e instanceof ApiError && (e.status === 403 || e.status === 404)) {
        refused(e.status);
      } else {
        ctx.failed(e, head);
        if (isTransient(e)) reloadTimer = setTimeout(() => load(first), RETRY_MS);
      }
    }
  }

  function refused(status) {
    const key = status === 403 ? 'noAccess' : 'notFound';
    ctx.setPage(t(`error.${key}`));
    main.replaceChildren(h('section.card.refused', { dataset: { refused: String(status) } },
      h('h1', {}, t(`error.${key}`)),
      h('p', {}, t(`error.${key}Text`)),
      h('p', {}, h('a', { href: '#/' }, t('error.back')))));
  }

  function drawHead() {
    const d = view.detail;
    const name = d.displayName || d.id;
    ctx.setPage(name);
    head.replaceChildren(
      h('h1', {}, name, ' ', statusBadge(d.status, true)),
      h('dl.facts', {},
        d.displayName ? [h('dt', {}, 'Id'), h('dd', {}, d.id)] : null,
        h('dt', {}, t('patient.team')), h('dd', {}, d.careTeam ?? '–'),
        h('dt', {}, t('patient.conditions')), h('dd', {}, (d.conditions ?? []).map((c) => t(`condition.${c}`)).join(', ') || '–'),
        h('dt', {}, t('patient.devices')), h('dd', {}, (d.devices ?? []).join(', ') || '–'),
        d.treatment ? [h('dt', {}, t('patient.treatment')), h('dd', {}, t(`treatment.${d.treatment}`))] : null,
        h('dt', {}, t('patient.approval')), h('dd.approval', {}, approvalText(d.thresholdsApproval)),
        ...(d.relative ?? []).filter((r) => r.enough).map((r) => [h('dt', {}, t('patient.ownLevel', { type: typeName(r.type) })),
          h('dd.own-level', { dataset: { type: r.type } }, ownLevelText(r))])),
      ...(d.relative ?? []).filter((r) => r.suggestIndividualLimits).map((r) => h('p.prompt.individual-limits',
        { role: 'note', dataset: { type: r.type } }, t('patient.suggestLimits', {
          type: typeName(r.type), level: quantity(r.level, r.unit),
          red: quantity(d.thresholds?.[r.type]?.red?.[r.side], r.unit),
        }))));
  }

  function drawOpen() {
    const alerts = view.detail.openAlerts ?? [];
    open.replaceChildren(h('h2', { id: 'open-title' }, t('patient.openAlerts')),
      alerts.length ? h('ul.alerts', {}, alerts.map((a) => alertLine(a, () => load())))
        : h('p.muted', {}, t('triage.noAlerts')));
  }

  function chartTypes() {
    const d = view.detail;
    const types = new Set([
      ...Object.keys(d.thresholds ?? {}), ...Object.keys(d.plan ?? {}), ...(d.baselines ?? []).map((b) => b.type),
      ...(d.openAlerts ?? []).map((a) => a.type), ...view.history.map((a) => a.type),
    ]);
    types.delete('device');
    types.delete('symptoms');
    return [...types].sort((a, b) => rank(a) - rank(b));
  }

  async function drawCharts() {
    resizer.disconnect();
    view.plots.forEach((p) => p.destroy());
    view.plots = [];
    const groupId = uid('period');
    const selector = h('fieldset.period', {},
      h('legend', {}, t('patient.period')),
      PERIODS.map((n) => {
        const inputId = `${groupId}-${n}`;
        return h('span.radio', {},
          h('input', { type: 'radio', name: groupId, id: inputId, value: String(n), checked: n === view.days,
            onchange: () => { view.days = n; drawCharts(); } }),
          h('label', { for: inputId }, t('patient.days', { n })));
      }));
    const to = Date.now();
    const from = to - view.days * 86400000;
    const types = chartTypes();
    const results = await Promise.all(types.map((type) => get(
      `/api/patients/${encodeURIComponent(id)}/readings?type=${encodeURIComponent(type)}`
      + `&from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`)
      .catch(() => ({ type, points: [] }))));
    const grid = h('div.charts');
    charts.replaceChildren(h('div.view-head', {}, h('h2', { id: 'charts-title' }, t('patient.charts')), selector), grid);
    const pending = [];
    const empty = [];
    const d = view.detail;
    types.forEach((type, i) => {
      // A type without readings in the period, plan or alerts (a default band of another condition) is only named.
      const relevant = results[i]?.points?.length || d.plan?.[type] || view.history.some((a) => a.type === type);
      if (!relevant) {
        empty.push(typeName(type));
        return;
      }
      const card = chartCard(type, results[i], from / 1000, to / 1000);
      grid.append(card.el);
      pending.push(card);
    });
    if (empty.length) charts.append(h('p.muted', {}, `${t('patient.noPointsFor')} ${empty.join(', ')}`));
    for (const card of pending) card.plot();
    view.plots.push(...await drawSymptoms(symptoms, id, from / 1000, to / 1000, view.days));
  }

  function chartCard(type, readings, from, to) {
    const d = view.detail;
    const bands = d.thresholds?.[type];
    const unit = readings?.unit ?? bands?.unit ?? '';
    const baseline = baselineOf(d.baselines, type);
    const passive = (d.passive ?? []).map((p) => ({ from: dayStart(p.from), to: dayEnd(p.to), reason: p.reason }))
      .filter((p) => p.to >= from && p.from <= to);
    const markers = view.history.map((a) => ({ at: seconds(a.raisedAt ?? a.at), severity: a.severity, type: a.type }))
      .filter((m) => m.type === type && m.at >= from && m.at <= to);
    const points = readings?.points ?? [];
    const label = t('patient.chartLabel', { type: typeName(type), n: view.days, unit: unitText(unit) });
    const holder = h('div.chart', { role: 'img', 'aria-label': label });
    const el = h('article.chart-card', { dataset: { type } },
      h('h3', {}, typeName(type), unit ? h('span.unit', {}, ` (${unitText(unit)})`) : null),
      legend(bands, unit, baseline, passive, markers),
      points.length ? null : h('p.muted', {}, t('patient.noPoints')),
      holder);
    return {
      el,
      plot: () => {
        const width = Math.max(240, Math.floor(holder.getBoundingClientRect().width));
        view.plots.push(patientChart(holder, { points, bands, passive, markers, baseline: baseline?.value, from, to, label }, width));
        resizer.observe(holder);
      },
    };
  }

  function legend(bands, unit, baseline, passive, markers) {
    const side = (band) => [
      band?.below != null ? t('legend.below', { v: quantity(band.below, unit) }) : null,
      band?.above != null ? t('legend.above', { v: quantity(band.above, unit) }) : null,
    ].filter(Boolean).join(t('legend.or')) || t('legend.none');
    return h('ul.legend', { 'aria-label': t('legend.title') },
      bands ? h('li.legend-red', {}, h('span.swatch.swatch-red', { 'aria-hidden': 'true' }), `${t('legend.red')}: `,
        h('span.limit', {}, side(bands.red))) : null,
      bands ? h('li.legend-yellow', {}, h('span.swatch.swatch-yellow', { 'aria-hidden': 'true' }), `${t('legend.yellow')}: `,
        h('span.limit', {}, side(bands.yellow))) : null,
      ownLimits(bands) ? h('li.legend-source', {}, t('legend.own')) : null,
      baseline ? h('li.legend-baseline', {}, h('span.swatch.swatch-baseline', { 'aria-hidden': 'true' }),
        bestText(baseline, unit)) : null,
      passive.length ? h('li', {}, h('span.swatch.swatch-passive', { 'aria-hidden': 'true' }),
        `${t('legend.passive')}: ${passive.map((p) => p.reason).filter(Boolean).join(', ')}`) : null,
      markers.length ? h('li', {}, h('span.swatch.swatch-marker', { 'aria-hidden': 'true' }),
        `${t('legend.alert')} (${markers.length})`) : null);
  }

  function drawHistory() {
    const rows = [...view.history].sort((a, b) => seconds(b.raisedAt ?? b.at) - seconds(a.raisedAt ?? a.at));
    history.replaceChildren(h('h2', { id: 'history-title' }, t('patient.history')),
      rows.length ? h('div.table-wrap', { tabindex: '0', role: 'region', 'aria-labelledby': 'history-title' },
        h('table.history', {},
          h('thead', {}, h('tr', {}, ['raised', 'type', 'severity', 'why', 'state', 'ackBy', 'ackAt', 'note', 'resolved']
            .map((k) => h('th', { scope: 'col' }, t(`hist.${k}`))))),
          h('tbody', {}, rows.map((a) => h('tr', { dataset: { alertId: a.alertId, state: a.state ?? '' } },
            h('td.raised', {}, dateTime(a.raisedAt ?? a.at), lateTimes(a) ? h('div.meta.late-times', {}, lateTimes(a)) : null),
            h('td', {}, typeName(a.type)),
            h('td', {}, severityWord(a.severity)),
            h('td.why', {}, why(a)),
            h('td', {}, t(`state.${a.state}`)),
            h('td', {}, a.acknowledgedBy ?? '–'),
            h('td', {}, a.acknowledgedAt ? dateTime(a.acknowledgedAt) : '–'),
            h('td.note', {}, a.note ?? ''),
            h('td.resolved', {}, a.resolvedAt ? dateTime(a.resolvedAt) : '–',
              resolvedBy(a) ? h('div.meta.resolved-by', {}, resolvedBy(a)) : null))))))
        : h('p.muted', {}, t('patient.historyEmpty')));
  }

  return () => {
    offAlert();
    offReading();
    clearTimeout(reloadTimer);
    resizer.disconnect();
    view.plots.forEach((p) => p.destroy());
    clear(main);
  };
}

/** "godkendt af Overlæge A. Hansen 01.12.2026", or that nobody has approved the set yet. */
function approvalText(a) {
  if (!a?.approved) return t('patient.notApproved');
  return t('patient.approvedBy', { by: a.approvedBy, on: a.approvedOn });
}

/** "96 % (median af 14 dage); gul ved 3 under, rød ved 5 under". */
function ownLevelText(r) {
  const days = Number((r.window.match(/^P(\d+)D$/) ?? [])[1]);
  const key = r.statistic === 'median' || r.statistic === 'max' ? `statistic.${r.statistic}` : 'statistic.percentile';
  const of = t(key, { days: Number.isFinite(days) ? days : r.window, p: r.statistic.slice(1) });
  const side = t(`side.${r.side}`);
  const limits = [r.yellowPoints != null ? t('patient.ownYellow', { n: num(r.yellowPoints), side }) : null,
    r.redPoints != null ? t('patient.ownRed', { n: num(r.redPoints), side }) : null].filter(Boolean).join(', ');
  return `${quantity(r.level, r.unit)} (${of})${limits ? `; ${limits}` : ''}`;
}

/** "Personlig bedste: 2,10 L (gul under 80 % = 1,68 L; rød under 70 % = 1,47 L)". */
function bestText(baseline, unit) {
  const share = (key, p) => (p == null ? null : t(key, { p, v: quantity((baseline.value * p) / 100, unit) }));
  const limits = [share('legend.bestYellow', baseline.yellow), share('legend.bestRed', baseline.red)].filter(Boolean);
  const days = Number((String(baseline.window ?? '').match(/^P(\d+)D$/) ?? [])[1]);
  const stat = baseline.statistic ?? 'max';
  const key = stat === 'median' || stat === 'max' ? `statistic.${stat}` : 'statistic.percentile';
  const how = Number.isFinite(days) ? ` [${t(key, { days, p: stat.slice(1) })}]` : '';
  const text = t('legend.baseline', { v: quantity(baseline.value, unit) }) + how;
  return limits.length ? `${text} (${limits.join('; ')})` : text;
}

function ownLimits(bands) {
  const source = bands?.source;
  return typeof source === 'object' && source !== null && Object.values(source).includes('patient');
}

function rank(type) {
  const i = TYPE_ORDER.indexOf(type);
  return i < 0 ? TYPE_ORDER.length : i;
}

/** The personal best a percent-of-best rule (FEV1, PEF) judges against, when there are enough readings. */
function baselineOf(baselines, type) {
  const rule = (baselines ?? []).find((b) => b.type === type && b.kind === 'percentOfBest' && b.reference != null);
  return rule ? {
    value: rule.reference, red: rule.redBelowPercent, yellow: rule.yellowBelowPercent, enough: rule.enough,
    statistic: rule.statistic, window: rule.window,
  } : null;
}

/** Milliseconds that Danish time is ahead of UTC at an instant (1 or 2 hours). */
function zoneOffset(ms) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - ms;
}

/** A passive interval names whole Danish days (both included); a full timestamp is taken as it is. */
function dayStart(value) {
  if (String(value).includes('T')) return seconds(value);
  const utc = Date.parse(`${value}T00:00:00Z`);
  return (utc - zoneOffset(utc)) / 1000;
}

function dayEnd(value) {
  if (String(value).includes('T')) return seconds(value);
  return dayStart(value) + 86400;
}
