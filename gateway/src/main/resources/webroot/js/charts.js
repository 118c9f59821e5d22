// Charts with uPlot (served from its WebJar): the triage view's sparklines and the patient
// view's chart with the patient's own red and yellow bands, alert markers, the personal
// best where a rule uses one, and paused intervals.

import uPlot from '../vendor/uplot/uPlot.esm.js';
import { num, shortDate, clock } from './i18n.js';

const ZONE = 'Europe/Copenhagen';
export const COLORS = {
  line: '#1f3a5f',
  red: 'rgba(200, 30, 30, 0.16)',
  yellow: 'rgba(240, 180, 0, 0.24)',
  passive: 'rgba(90, 90, 90, 0.14)',
  markerRed: '#b3261e',
  markerYellow: '#8a5a00',
  markerBlue: '#0b57d0',
  baseline: '#4a148c',
};

/** Seconds since the epoch from an RFC 3339 string or epoch milliseconds/seconds. */
export function seconds(ts) {
  if (typeof ts === 'number') return ts > 1e11 ? ts / 1000 : ts;
  return Date.parse(ts) / 1000;
}

function columns(points) {
  const xs = [];
  const ys = [];
  for (const [ts, v] of points ?? []) {
    const x = seconds(ts);
    if (Number.isFinite(x) && v !== null && v !== undefined) {
      xs.push(x);
      ys.push(Number(v));
    }
  }
  return [xs, ys];
}

const tzDate = (ts) => uPlot.tzDate(new Date(ts * 1000), ZONE);

/** A small line of the last days, without axes: the shape, not the numbers. */
export function sparkline(target, points, { width = 140, height = 36, from, to } = {}) {
  const data = columns(points);
  return new uPlot({
    width, height, tzDate,
    pxAlign: 0,
    cursor: { show: false },
    legend: { show: false },
    select: { show: false },
    axes: [{ show: false }, { show: false }],
    scales: { x: { time: true, range: from && to ? () => [from, to] : undefined } },
    series: [{}, { stroke: COLORS.line, width: 1.5, points: { show: data[0].length < 3 } }],
  }, data, target);
}

function bandRanges(bands) {
  const red = bands?.red ?? {};
  const yellow = bands?.yellow ?? {};
  const ranges = [];
  // Each range is [low, high, colour]; null stands for the edge of the chart.
  if (red.below != null) ranges.push([null, red.below, COLORS.red]);
  if (yellow.below != null) ranges.push([red.below ?? null, yellow.below, COLORS.yellow]);
  if (yellow.above != null) ranges.push([yellow.above, red.above ?? null, COLORS.yellow]);
  if (red.above != null) ranges.push([red.above, null, COLORS.red]);
  return ranges;
}

function limits(bands) {
  return ['red', 'yellow'].flatMap((s) => ['below', 'above'].map((d) => bands?.[s]?.[d])).filter((v) => v != null);
}

function drawBackground(u, spec) {
  const { ctx, bbox } = u;
  const yPos = (v, edge) => (v == null ? edge : u.valToPos(v, 'y', true));
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  for (const [low, high, colour] of bandRanges(spec.bands)) {
    const yLow = yPos(low, bbox.top + bbox.height);
    const yHigh = yPos(high, bbox.top);
    ctx.fillStyle = colour;
    ctx.fillRect(bbox.left, Math.min(yLow, yHigh), bbox.width, Math.abs(yLow - yHigh));
  }
  ctx.fillStyle = COLORS.passive;
  for (const p of spec.passive ?? []) {
    const x0 = u.valToPos(p.from, 'x', true);
    const x1 = u.valToPos(p.to, 'x', true);
    ctx.fillRect(Math.min(x0, x1), bbox.top, Math.abs(x1 - x0), bbox.height);
  }
  ctx.restore();
}

function drawOverlay(u, spec) {
  const { ctx, bbox } = u;
  const dpr = uPlot.pxRatio;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  if (spec.baseline != null) {
    const y = u.valToPos(spec.baseline, 'y', true);
    ctx.strokeStyle = COLORS.baseline;
    ctx.lineWidth = 1.5 * dpr;
    ctx.setLineDash([6 * dpr, 4 * dpr]);
    ctx.beginPath();
    ctx.moveTo(bbox.left, y);
    ctx.lineTo(bbox.left + bbox.width, y);
    ctx.stroke();
  }
  ctx.setLineDash([3 * dpr, 3 * dpr]);
  for (const m of spec.markers ?? []) {
    const x = u.valToPos(m.at, 'x', true);
    const colour = { red: COLORS.markerRed, yellow: COLORS.markerYellow }[m.severity] ?? COLORS.markerBlue;
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1.5 * dpr;
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    ctx.fillStyle = colour;
    ctx.beginPath();
    ctx.moveTo(x - 6 * dpr, bbox.top);
    ctx.lineTo(x + 6 * dpr, bbox.top);
    ctx.lineTo(x, bbox.top + 10 * dpr);
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();
}

function xValues(u, splits) {
  const step = splits.length > 1 ? splits[1] - splits[0] : 86400;
  return splits.map((s) => (step < 86400 ? `${shortDate(s * 1000)} ${clock(s * 1000)}` : shortDate(s * 1000)));
}

/**
 * A reading chart over [from, to] (seconds). spec: {points, unit, bands, passive: [{from, to}]
 * in seconds, markers: [{at, severity}], baseline, label}.
 */
export function patientChart(target, spec, width) {
  const data = columns(spec.points);
  const extra = [...limits(spec.bands), spec.baseline].filter((v) => v != null);
  return new uPlot({
    width, height: 220, tzDate,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true, range: () => [spec.from, spec.to] },
      y: {
        range: (u, dataMin, dataMax) => {
          const values = [...extra, ...(data[1].length ? [dataMin, dataMax] : [])];
          if (!values.length) return [0, 1];
          const lo = Math.min(...values);
          const hi = Math.max(...values);
          const pad = (hi - lo) * 0.15 || Math.abs(hi) * 0.1 || 1;
          return [lo - pad, hi + pad];
        },
      },
    },
    axes: [
      { values: xValues, space: 70, stroke: '#333', grid: { stroke: '#e4e4e4' } },
      { values: (u, splits) => splits.map((v) => num(v)), size: 56, stroke: '#333', grid: { stroke: '#e4e4e4' } },
    ],
    series: [{}, { label: spec.label, stroke: COLORS.line, width: 2, points: { show: true, size: 5, fill: COLORS.line } }],
    hooks: {
      drawClear: [(u) => drawBackground(u, spec)],
      draw: [(u) => drawOverlay(u, spec)],
    },
  }, data, target);
}
