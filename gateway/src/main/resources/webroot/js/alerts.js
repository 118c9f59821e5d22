// How an alert reads to a nurse (why it was raised, in the threshold's own terms), the
// status badge, and acknowledging an alert.

import { h, uid } from './dom.js';
import { t, typeName, quantity, ago, dateTime, lang } from './i18n.js';
import { post } from './api.js';

const BELOW = new Set(['below', 'baseline', 'loss_3d', 'loss_30d']);
const ABOVE = new Set(['above', 'gain_3d']);
const STATUSES = ['red', 'yellow', 'blue', 'green'];

/** The family of a rule name "glucose.red.below" → "below"; "device.battery.low" → "battery". */
function family(rule = '') {
  if (rule.startsWith('device.battery')) return 'battery';
  const parts = rule.split('.');
  return parts.slice(2).join('.') || parts[parts.length - 1];
}

/** "Blodsukker 2,6 mmol/L under 3,0 mmol/L": the value against the threshold that applied. */
export function why(alert) {
  const f = family(alert.rule);
  const type = typeName(alert.type);
  if (f === 'battery') return t('why.battery') + (alert.value != null ? ` (${quantity(alert.value, alert.unit)})` : '');
  if (f === 'missing') return t('why.missing', { type });
  if (f === 'device_lo' || f === 'device_hi') return t(`why.${f}`, { type });
  if ((BELOW.has(f) || ABOVE.has(f)) && alert.value != null && alert.threshold != null) {
    const text = t(BELOW.has(f) ? 'why.below' : 'why.above', {
      type, value: quantity(alert.value, alert.unit), threshold: quantity(alert.threshold, alert.unit),
    });
    return f === 'below' || f === 'above' ? text : `${text} (${t(`why.ctx.${f}`)})`;
  }
  return alert.message || type;
}

/**
 * The newest reading of an open alert beside its sentence, when it is another reading than the
 * one that set the severity: "seneste: 21 /min, målt for 5 min siden".
 */
export function latestReading(alert) {
  const l = alert.latest;
  if (!l || l.value == null || l.readingTs === alert.readingTs) return null;
  return t('alert.latest', { value: quantity(l.value, alert.unit), ago: ago(l.readingTs) });
}

/** Both times of a reading that arrived late: "målt 22.11.2026 07.40, modtaget 22.11.2026 12.40"; else null. */
export function lateTimes(alert) {
  if (!alert.receivedAt || !alert.readingTs) return null;
  return t('alert.lateTimes', { measured: dateTime(alert.readingTs), received: dateTime(alert.receivedAt) });
}

/** What to do, in the reader's language, where the threshold set says so: "Hypoglykæmi: hurtige kulhydrater, …". */
export function instruction(alert) {
  const i = alert.instruction;
  if (!i) return null;
  return lang() === 'da' ? i.da : i.en;
}

/** What resolved an alert, apart from what raised it: "løst af 95 %, målt 22.11.2026 09.00". */
export function resolvedBy(alert) {
  const r = alert.resolvedBy;
  if (!r) return null;
  return t('alert.resolvedBy', { value: quantity(r.value, alert.unit), time: dateTime(r.readingTs) });
}

export function statusOf(value) {
  return STATUSES.includes(value) ? value : 'green';
}

/** Colour AND a word AND a shape, so colour is never the only signal. */
export function statusBadge(status, long = false) {
  const s = statusOf(status);
  return h(`span.badge.badge-${s}`, { dataset: { status: s } },
    h('span.badge-shape', { 'aria-hidden': 'true' }),
    long ? t(`status.${s}.long`) : t(`status.${s}`));
}

export function severityWord(severity) {
  return h(`span.sev.sev-${statusOf(severity)}`, {}, h('span.badge-shape', { 'aria-hidden': 'true' }), t(`status.${statusOf(severity)}`));
}

/** A red alert that needs someone now: just raised red, or escalated (to red, or a reminder). */
export function isNewRed(alert) {
  return alert.severity === 'red' && (alert.event === 'raised' || alert.event === 'escalated');
}

/** How many red alerts nobody has acknowledged, over a patient list. */
export function unacknowledgedRed(patients) {
  return patients.flatMap((p) => p.openAlerts ?? []).filter((a) => a.severity === 'red' && !isAcknowledged(a)).length;
}

export function isAcknowledged(alert) {
  return alert.state === 'acknowledged' || (alert.acknowledgedBy && alert.state !== 'escalated' && alert.state !== 'raised');
}

/** One open alert: why, when, who acknowledged it, and the button to acknowledge. */
export function alertLine(alert, onAcknowledged, patientName) {
  const text = why(alert);
  const acked = isAcknowledged(alert);
  const measured = alert.readingTs;
  const since = measured ?? alert.raisedAt ?? alert.at;
  const late = lateTimes(alert);
  const latest = latestReading(alert);
  return h(`li.alert.alert-${statusOf(alert.severity)}`, { dataset: { alertId: alert.alertId, state: alert.state ?? '' } },
    severityWord(alert.severity),
    h('span.why', {}, text),
    late ? h('span.meta.late-times', {}, late)
      : since ? h('span.meta', { title: dateTime(since) }, t(measured ? 'alert.measuredAgo' : 'alert.raisedAgo', { ago: ago(since) })) : null,
    latest ? h('span.meta.latest-reading', {}, latest) : null,
    instruction(alert) ? h('strong.instruction', { role: 'note' }, instruction(alert)) : null,
    acked
      ? h('span.acked', {}, h('span', { 'aria-hidden': 'true' }, '✓ '),
        t('alert.ackedBy', { user: alert.acknowledgedBy ?? '?', time: dateTime(alert.acknowledgedAt) }))
      : h('button.btn.btn-small.ack-button', {
        type: 'button',
        'aria-label': t('alert.ackFor', { why: patientName ? `${patientName}, ${text}` : text }),
        onclick: (e) => openAckDialog(alert, e.currentTarget, onAcknowledged),
      }, t('alert.ack')));
}

/**
 * A modal dialog: focus moves into it, Tab stays inside, Escape closes it, and focus
 * returns to the button that opened it.
 */
export function openAckDialog(alert, opener, onAcknowledged) {
  const noteId = uid('note');
  const hintId = uid('hint');
  const titleId = uid('title');
  const error = h('p.form-error', { role: 'alert' });
  const note = h('textarea', { id: noteId, name: 'note', rows: 3, maxlength: 1000, 'aria-describedby': hintId });
  const submit = h('button.btn.btn-primary', { type: 'submit' }, t('ack.submit'));
  const cancel = h('button.btn', { type: 'button', onclick: () => close() }, t('ack.cancel'));
  const form = h('form.dialog-form', { onsubmit: (e) => { e.preventDefault(); send(); } },
    h('h2', { id: titleId }, t('ack.title')),
    h('p.dialog-why', {}, severityWord(alert.severity), ' ', why(alert)),
    instruction(alert) ? h('p.instruction', {}, instruction(alert)) : null,
    h('label', { for: noteId }, t('ack.note')),
    note,
    h('p.hint', { id: hintId }, t('ack.noteHint')),
    error,
    h('div.dialog-buttons', {}, submit, cancel));
  const dialog = h('dialog.dialog', { 'aria-labelledby': titleId }, form);
  document.body.append(dialog);
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener && opener.isConnected) opener.focus();
  });
  dialog.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab') return;
    const focusable = [...dialog.querySelectorAll('button, textarea, input, select, a[href]')].filter((el) => !el.disabled);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  });
  dialog.showModal();
  note.focus();

  function close() {
    if (dialog.open) dialog.close();
  }

  async function send() {
    submit.disabled = true;
    error.textContent = '';
    try {
      const body = note.value.trim() ? { note: note.value.trim() } : {};
      const updated = await post(`/api/alerts/${encodeURIComponent(alert.alertId)}/ack`, body);
      close();
      onAcknowledged?.(updated ?? alert);
    } catch (e) {
      if (e.status === 409) {
        // Someone else acknowledged it, or it resolved meanwhile: say so, and show the list as it is now.
        error.textContent = t('ack.conflict');
        onAcknowledged?.(alert);
        return;
      }
      error.textContent = t('ack.failed', { message: e.message });
      submit.disabled = false;
    }
  }
}
