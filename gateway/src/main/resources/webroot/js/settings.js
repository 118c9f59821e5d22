// A clinician's settings for one patient: thresholds, the measurement plan and pauses in
// monitoring. The server validates; its complaints are shown next to the field they name.

import { h, uid } from './dom.js';
import { t, typeName, unitText, num } from './i18n.js';
import { put, ApiError } from './api.js';

const LIMITS = [['red', 'below'], ['yellow', 'below'], ['yellow', 'above'], ['red', 'above']];
const LIMIT_LABEL = { 'red.below': 'settings.redBelow', 'yellow.below': 'settings.yellowBelow',
  'yellow.above': 'settings.yellowAbove', 'red.above': 'settings.redAbove' };

export function showSettings(container, ctx, detail, onSaved) {
  const base = `/api/patients/${encodeURIComponent(detail.id)}`;
  container.replaceChildren(h('section.card.settings', { 'aria-labelledby': 'settings-title' },
    h('h2', { id: 'settings-title' }, t('settings.title')),
    thresholdsForm(detail, base, onSaved),
    planForm(detail, base, onSaved),
    passiveForm(detail, base, onSaved)));
}

/** A form whose inputs are keyed by the API's field names, so errors land on the right one. */
function apiForm(title, intro, fields, collect, send, onSaved) {
  const status = h('p.form-status', { role: 'status' });
  const error = h('p.form-error', { role: 'alert' });
  const submit = h('button.btn.btn-primary', { type: 'submit' }, t('settings.save'));
  const form = h('form.settings-form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearErrors(form);
    status.textContent = '';
    error.textContent = '';
    submit.disabled = true;
    try {
      await send(collect());
      status.textContent = t('settings.saved');
      onSaved?.();
    } catch (err) {
      showErrors(form, err, error);
    } finally {
      submit.disabled = false;
    }
  } }, h('h3', {}, title), intro ? h('p.hint', {}, intro) : null, fields, error, h('div.form-buttons', {}, submit, status));
  return form;
}

function field(name, label, input) {
  const id = uid('f');
  const errId = `${id}-err`;
  input.id = id;
  input.name = name;
  input.dataset.field = name;
  input.setAttribute('aria-describedby', errId);
  return h('div.field', { dataset: { fieldWrap: name } },
    h('label', { for: id }, label), input, h('p.field-error', { id: errId, dataset: { errorFor: name } }));
}

function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((p) => { p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
}

/** The API's {error, problems: ["thresholds.glucose.red.below: 2.0 is above …", …]} as field and message. */
export function fieldErrors(body) {
  if (!body || typeof body !== 'object' || !Array.isArray(body.problems)) return [];
  return body.problems.map((p) => {
    const text = String(p);
    const colon = text.indexOf(': ');
    return colon < 0 ? { field: null, message: text } : { field: text.slice(0, colon), message: text.slice(colon + 2) };
  });
}

/** The form field a problem's path belongs to: the same path, the longest field path it starts with, or the first under it. */
function fieldFor(form, path) {
  if (!path) return null;
  const names = [...form.querySelectorAll('[data-field]')].map((el) => el.dataset.field);
  const exact = names.find((n) => n === path);
  if (exact) return exact;
  const parent = names.filter((n) => path.startsWith(`${n}.`) || path.startsWith(`${n}[`)).sort((a, b) => b.length - a.length)[0];
  return parent ?? names.find((n) => n.startsWith(`${path}.`) || n.startsWith(`${path}[`)) ?? null;
}



function showErrors(form, err, general) {
  const errors = err instanceof ApiError ? fieldErrors(err.body) : [];
  const unplaced = [];
  let first = null;
  for (const { field: path, message } of errors) {
    const name = fieldFor(form, path);
    const target = name && form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
    if (target) {
      target.textContent = target.textContent ? `${target.textContent}; ${message}` : message;
      const input = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
      input?.setAttribute('aria-invalid', 'true');
      first = first ?? input;
    } else {
      unplaced.push(path ? `${path}: ${message}` : message);
    }
  }
  general.textContent = t('settings.failed', { message: unplaced.length ? unplaced.join('; ') : err.message });
  first?.focus();
}

function numberOrNull(input) {
  const text = input.value.trim().replace(',', '.');
  if (!text) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

function thresholdsForm(detail, base, onSaved) {
  const thresholds = detail.thresholds ?? {};
  const inputs = [];
  const groups = Object.keys(thresholds).map((type) => {
    const bands = thresholds[type] ?? {};
    // source names, per limit, whether it is the patient's own ("patient") or a default.
    const own = (sev, dir) => (typeof bands.source === 'object' ? bands.source?.[`${sev}.${dir}`] === 'patient'
      : bands.source === 'patient');
    const unit = bands.unit ? unitText(bands.unit) : '';
    return h('fieldset.limits', {}, h('legend', {}, typeName(type), unit ? ` (${unit})` : ''),
      LIMITS.map(([sev, dir]) => {
        const value = bands[sev]?.[dir];
        const input = h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off',
          value: own(sev, dir) && value != null ? num(value, 3) : '', placeholder: value != null ? num(value, 3) : '' });
        inputs.push({ type, sev, dir, input });
        return field(`thresholds.${type}.${sev}.${dir}`, t(LIMIT_LABEL[`${sev}.${dir}`]), input);
      }));
  });
  const collect = () => {
    const body = {};
    for (const { type, sev, dir, input } of inputs) {
      const v = numberOrNull(input);
      if (v === null) continue;
      body[type] = body[type] ?? {};
      body[type][sev] = body[type][sev] ?? {};
      body[type][sev][dir] = v;
    }
    return body;
  };
  return apiForm(t('settings.thresholds'), t('settings.thresholdsIntro'), h('div.limits-grid', {}, groups), collect,
    (body) => put(`${base}/thresholds`, body), onSaved);
}

function planEntry(value) {
  if (value == null) return { every: '', own: false };
  if (typeof value === 'string') return { every: value, own: true };
  return { every: value.every ?? '', own: value.source === 'patient' };
}

function planForm(detail, base, onSaved) {
  const plan = detail.plan ?? {};
  const types = [...new Set([...Object.keys(plan), ...Object.keys(detail.thresholds ?? {})])].filter((x) => x !== 'device');
  const inputs = types.map((type) => {
    const entry = planEntry(plan[type]);
    const input = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false',
      value: entry.own ? entry.every : '', placeholder: entry.every || '–' });
    return { type, input };
  });
  const collect = () => Object.fromEntries(inputs.filter(({ input }) => input.value.trim())
    .map(({ type, input }) => {
      const v = input.value.trim();
      return [type, v.toLowerCase() === 'none' ? 'none' : { every: v.toUpperCase() }];
    }));
  return apiForm(t('settings.plan'), t('settings.planIntro'),
    h('div.plan-grid', {}, inputs.map(({ type, input }) => field(`plan.${type}`, t('settings.every', { type: typeName(type) }), input))),
    collect, (body) => put(`${base}/plan`, body), onSaved);
}

function passiveForm(detail, base, onSaved) {
  let intervals = [...(detail.passive ?? [])];
  const list = h('ul.passive-list');
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const reason = h('input', { type: 'text', maxlength: 200 });
  const drawList = () => list.replaceChildren(...(intervals.length ? intervals.map((p, i) => h('li', {},
    `${p.from} – ${p.to}${p.reason ? `: ${p.reason}` : ''} `,
    h('button.btn.btn-small', { type: 'button', 'aria-label': `${t('settings.remove')} ${p.from} – ${p.to}`,
      onclick: async () => {
        const kept = intervals.filter((_, j) => j !== i);
        try {
          await put(`${base}/passive`, kept);
          intervals = kept;
          rename();
          drawList();
          onSaved?.();
        } catch (err) {
          list.append(h('li.form-error', { role: 'alert' }, t('settings.failed', { message: err.message })));
        }
      } }, t('settings.remove')))) : [h('li.muted', {}, t('settings.noPassive'))]));
  drawList();
  const collect = () => [...intervals, { from: from.value, to: to.value, reason: reason.value.trim() }];
  // The new interval's fields are named by its place in the list, as the API names its problems.
  const rename = () => [[from, 'from'], [to, 'to'], [reason, 'reason']].forEach(([input, key]) => {
    const name = `passive[${intervals.length}].${key}`;
    input.dataset.field = name;
    document.getElementById(input.getAttribute('aria-describedby')).dataset.errorFor = name;
  });
  const send = async (body) => {
    await put(`${base}/passive`, body);
    intervals = body;
    rename();
    drawList();
    from.value = '';
    to.value = '';
    reason.value = '';
  };
  const n = intervals.length;
  return apiForm(t('settings.passive'), t('settings.passiveIntro'), [list, h('div.passive-grid', {},
    field(`passive[${n}].from`, t('settings.from'), from),
    field(`passive[${n}].to`, t('settings.to'), to),
    field(`passive[${n}].reason`, t('settings.reason'), reason))], collect, send, onSaved);
}
