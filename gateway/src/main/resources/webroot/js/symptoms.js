// The patient's symptom answers beside the readings: the weekly CAT score as a chart with its
// yellow limit, each daily questionnaire as a row of marks in time order (colour, shape and word),
// and a table of the answers with what the rule made of them and why.

import { h } from './dom.js';
import { t, lang, dateTime } from './i18n.js';
import { get } from './api.js';
import { severityWord, statusOf } from './alerts.js';
import { patientChart, seconds } from './charts.js';

/** Draws the section; returns the charts it made, so the caller can destroy them. */
export async function drawSymptoms(section, id, from, to, days) {
  const data = await get(`/api/patients/${encodeURIComponent(id)}/responses`
    + `?from=${encodeURIComponent(new Date(from * 1000).toISOString())}&to=${encodeURIComponent(new Date(to * 1000).toISOString())}`)
    .catch(() => ({ questionnaires: [], responses: [] }));
  const asked = data.questionnaires ?? [];
  const responses = data.responses ?? [];
  section.replaceChildren(h('h2', { id: 'symptoms-title' }, t('symptoms.title')));
  if (!asked.length) {
    section.hidden = true;
    return [];
  }
  section.hidden = false;
  if (!responses.length) {
    section.append(h('p.muted', {}, t('symptoms.none')));
    return [];
  }
  const plots = [];
  const pending = [];
  for (const q of asked) {
    const mine = responses.filter((r) => r.questionnaire === q.id);
    if (!mine.length) continue;
    const title = q.title?.[lang()] ?? q.id;
    if (q.rule === 'catscore') {
      const holder = h('div.chart', { role: 'img', 'aria-label': t('symptoms.catLabel', { n: days }) });
      section.append(h('article.chart-card.symptom-chart', { dataset: { questionnaire: q.id } },
        h('h3', {}, `${title}: ${t('symptoms.cat')}`), holder));
      const markers = mine.filter((r) => r.severity !== 'green')
        .map((r) => ({ at: seconds(r.answeredAt), severity: r.severity, type: 'symptoms' }));
      pending.push(() => plots.push(patientChart(holder, {
        points: mine.map((r) => [r.answeredAt, r.score]),
        bands: { yellow: { above: 20 } }, passive: [], markers, from, to, label: t('symptoms.catLabel', { n: days }),
      }, Math.max(240, Math.floor(holder.getBoundingClientRect().width)))));
    } else {
      section.append(h('div.symptom-marks', { dataset: { questionnaire: q.id } },
        h('h3', {}, `${title}: ${t('symptoms.marks')}`),
        h('ol.marks', { 'aria-label': title }, mine.map((r) => h(`li.mark.mark-${statusOf(r.severity)}`, {
          title: `${dateTime(r.answeredAt)}: ${r.why}`,
        }, h('span.mark-date', {}, dateTime(r.answeredAt)), ' ', severityWord(r.severity))))));
    }
  }
  section.append(table(asked, responses));
  pending.forEach((draw) => draw());
  return plots;
}

function table(asked, responses) {
  const byId = Object.fromEntries(asked.map((q) => [q.id, q]));
  const rows = [...responses].sort((a, b) => seconds(b.answeredAt) - seconds(a.answeredAt));
  return h('div.table-wrap', { tabindex: '0', role: 'region', 'aria-labelledby': 'symptoms-title' },
    h('table.history.symptom-answers', {},
      h('thead', {}, h('tr', {}, ['when', 'questionnaire', 'answers', 'result', 'why']
        .map((k) => h('th', { scope: 'col' }, t(`symptoms.${k}`))))),
      h('tbody', {}, rows.map((r) => h('tr', { dataset: { questionnaire: r.questionnaire, severity: r.severity } },
        h('td', {}, dateTime(r.answeredAt)),
        h('td', {}, byId[r.questionnaire]?.title?.[lang()] ?? r.questionnaire),
        h('td', {}, answers(byId[r.questionnaire], r.answers)),
        h('td', {}, severityWord(r.severity)),
        h('td', {}, r.why))))));
}

/**
 * "Er du mere forpustet end normalt? ja; Hvilken farve har dit opspyt? Grønt" in the
 * questionnaire's item order; a scale item by its name only ("Hoste: 2").
 */
function answers(q, given) {
  const order = (q?.items ?? []).map((i) => i.id);
  const items = Object.fromEntries((q?.items ?? []).map((i) => [i.id, i]));
  const ids = [...order.filter((id) => id in (given ?? {})), ...Object.keys(given ?? {}).filter((id) => !order.includes(id))];
  return ids.map((item) => {
    const code = given[item];
    const i = items[item];
    let text = i?.text?.[lang()] ?? item;
    if (i?.kind === 'scale' && text.includes(':')) text = text.slice(0, text.indexOf(':') + 1);
    let value = code;
    if (code === 'yes' || code === 'no') value = t(`symptoms.${code}`);
    else if (i?.options?.[code]) value = i.options[code][lang()];
    return `${text} ${value}`;
  }).join('; ');
}
