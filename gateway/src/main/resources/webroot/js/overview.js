// The team overview for the unit lead: open alerts by severity, how quickly alerts are
// acknowledged, whether patients measure as planned, and how many alerts a patient makes.
// Every figure carries its unit and what it means.

import { h } from './dom.js';
import { t, num, percent } from './i18n.js';
import { get, ApiError } from './api.js';
import { severityWord } from './alerts.js';

export function showOverview(main, ctx) {
  ctx.setPage(t('overview.title'));
  const teams = ctx.session.careTeams ?? [];
  const select = h('select', { id: 'overview-team', onchange: () => load() },
    teams.length > 1 ? h('option', { value: '' }, t('overview.allTeams')) : null,
    teams.map((team) => h('option', { value: team }, team)));
  const body = h('div.overview', { 'aria-live': 'polite' });
  main.append(
    h('div.view-head', {}, h('h1', {}, t('overview.title')),
      h('div.view-tools', {}, h('label', { for: 'overview-team' }, t('overview.team')), select)),
    body);
  load();

  async function load() {
    const team = select.value;
    try {
      const data = await get(`/api/overview${team ? `?careTeam=${encodeURIComponent(team)}` : ''}`);
      draw(data);
    } catch (e) {
      if (e instanceof ApiError && e.status === 403) {
        body.replaceChildren(h('p.refused', {}, t('overview.noAccess')));
      } else {
        ctx.failed(e, body);
      }
    }
  }

  function draw(data) {
    const teamsData = Array.isArray(data) ? data : Array.isArray(data?.teams) ? data.teams : [data];
    body.replaceChildren(...teamsData.map(teamCard));
  }

  function teamCard(d) {
    const open = d.openAlerts ?? d.openBySeverity ?? {};
    const median = d.medianMinutesToAcknowledge ?? d.medianAckMinutes
      ?? (d.medianRaisedToAcknowledgedSeconds != null ? d.medianRaisedToAcknowledgedSeconds / 60 : null);
    const planned = d.measuredAsPlanned ?? d.shareMeasuredAsPlanned ?? d.plannedShare;
    const perWeek = d.alertsPerPatientWeek ?? d.alertsPerPatientWeekThisWeek;
    return h('section.card.team', {},
      h('h2', {}, d.careTeam ?? t('overview.allTeams')),
      h('dl.figures', {},
        figure(t('overview.open'), h('span.sevs', {}, ['red', 'yellow', 'blue'].map((s) => h('span.sev-count', {},
          severityWord(s), ` ${num(open[s] ?? 0, 0)}`))), t('overview.openUnit')),
        figure(t('overview.median'), median == null ? t('overview.medianNone') : `${num(median, 0)} min`, null),
        figure(t('overview.planned'), planned == null ? '–' : percent(planned > 1 ? planned / 100 : planned),
          t('overview.plannedMeaning')),
        figure(t('overview.perWeek'), perWeek == null ? '–' : num(perWeek, 2), t('overview.perWeekMeaning'))));
  }

  return () => {};
}

function figure(label, value, meaning) {
  return h('div.figure', {}, h('dt', {}, label), h('dd', {}, h('span.figure-value', {}, value),
    meaning ? h('span.meta', {}, ` ${meaning}`) : null));
}
