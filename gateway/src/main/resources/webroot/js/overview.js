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
    const teamsData = data?.teams ?? [];
    body.replaceChildren(...teamsData.map(teamCard));
  }

  function teamCard(d) {
    const open = d.openAlerts ?? {};
    const median = d.medianMinutesToAcknowledge;
    const planned = d.measuredAsPlanned ?? {};
    const burden = d.alarmBurden ?? {};
    return h('section.card.team', {},
      h('h2', {}, d.careTeam, ' ', h('span.meta', {}, t('overview.patients', { n: num(d.patients ?? 0, 0) }))),
      h('dl.figures', {},
        figure(t('overview.open'), h('span.sevs', {}, ['red', 'yellow', 'blue'].map((s) => h('span.sev-count', {},
          severityWord(s), ` ${num(open[s] ?? 0, 0)}`))), t('overview.openUnit')),
        figure(t('overview.median'), median == null ? t('overview.medianNone') : `${num(median, median < 10 ? 1 : 0)} min`,
          t('overview.medianMeaning', { n: num(d.acknowledgedThisWeek ?? 0, 0) })),
        figure(t('overview.planned'), planned.share == null ? '–' : percent(planned.share),
          t('overview.plannedMeaning', { n: num(planned.asPlanned ?? 0, 0), of: num(planned.patients ?? 0, 0) })),
        figure(t('overview.perWeek'), burden.perPatientWeek == null ? '–' : num(burden.perPatientWeek, 2),
          t('overview.perWeekMeaning', { raised: num(burden.raised ?? 0, 0), days: num(burden.days ?? 28, 0),
            patients: num(d.patients ?? 0, 0) }))));
  }

  return () => {};
}

function figure(label, value, meaning) {
  return h('div.figure', {}, h('dt', {}, label), h('dd', {}, h('span.figure-value', {}, value),
    meaning ? h('span.meta', {}, ` ${meaning}`) : null));
}
