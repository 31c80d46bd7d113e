/**
 * Charts as inline SVG, drawn on the server with no library: a fan chart of beds over the years,
 * dot-and-whisker rows for options side by side, and a waterfall for the bed bridge. Each chart
 * has a <title> and <desc> for screen readers, and its figures are in a table beside it too.
 * Colours are the NHS identity's blue and a colour-blind-safe orange; methods also differ by dash.
 */
import { escapeHtml } from './escape.js';

export const COLOURS = {
  occupancy: '#005eb8',
  risk: '#d5281b',
  capacity: '#212b32',
  grid: '#d8dde0',
  band: '#005eb8',
  riskBand: '#ed8b00',
};

interface Scale {
  (value: number): number;
  ticks: number[];
}

/**
 * A linear scale with "nice" round ticks over [lo, hi]. Ticks are at least minStep apart: charts of
 * whole beds pass 1, so a flat series of zeros gets the axis 0, 1 and not 0, 0.2 ... 1 printed
 * rounded as "0 0 0 1 1 1".
 */
export function linearScale(lo: number, hi: number, from: number, to: number, tickCount = 5, minStep = 0): Scale {
  if (hi <= lo) hi = lo + Math.max(1, minStep);
  const rough = (hi - lo) / tickCount;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(
    minStep,
    [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!,
  );
  const start = Math.floor(lo / step) * step;
  const end = Math.ceil(hi / step) * step;
  const scale = ((v: number) => from + ((v - start) / (end - start)) * (to - from)) as Scale;
  scale.ticks = [];
  for (let t = start; t <= end + step / 2; t += step) scale.ticks.push(Math.round(t * 1e6) / 1e6);
  return scale;
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-GB');
const pt = (x: number, y: number) => `${x.toFixed(1)},${y.toFixed(1)}`;

export interface FanSeries {
  label: string;
  method: 'occupancy' | 'risk';
  /** Per year: P10, P25, P50, P75, P90. */
  points: { p10: number; p25: number; p50: number; p75: number; p90: number }[];
}

/** Beds over the years: P10-P90 and P25-P75 bands around the median, per method, and capacity. */
export function fanChart(options: {
  title: string;
  description: string;
  years: string[];
  series: FanSeries[];
  capacity: number[];
  width?: number;
  height?: number;
}): string {
  const { years, series, capacity } = options;
  const width = options.width ?? 640;
  const height = options.height ?? 300;
  const margin = { left: 64, right: 200, top: 16, bottom: 36 };
  const values = [...capacity, ...series.flatMap((s) => s.points.flatMap((p) => [p.p10, p.p90]))];
  const y = linearScale(Math.min(...values), Math.max(...values), height - margin.bottom, margin.top, 5, 1);
  const xStep = years.length > 1 ? (width - margin.left - margin.right) / (years.length - 1) : 0;
  const x = (i: number) => margin.left + i * xStep;
  const parts: string[] = [];
  for (const t of y.ticks)
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${COLOURS.grid}"/><text x="${margin.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" class="tick">${fmt(t)}</text>`,
    );
  years.forEach((year, i) =>
    parts.push(
      `<text x="${x(i).toFixed(1)}" y="${height - margin.bottom + 18}" text-anchor="middle" class="tick">${escapeHtml(year)}</text>`,
    ),
  );
  const band = (lo: number[], hi: number[], colour: string, opacity: number) =>
    `<polygon points="${[...hi.map((v, i) => pt(x(i), y(v))), ...lo.map((v, i) => pt(x(i), y(v))).reverse()].join(' ')}" fill="${colour}" fill-opacity="${opacity}"/>`;
  const legend: string[] = [];
  series.forEach((s, k) => {
    const colour = s.method === 'occupancy' ? COLOURS.band : COLOURS.riskBand;
    const line = s.method === 'occupancy' ? COLOURS.occupancy : COLOURS.risk;
    const dash = s.method === 'risk' ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      band(
        s.points.map((p) => p.p10),
        s.points.map((p) => p.p90),
        colour,
        0.15,
      ),
    );
    parts.push(
      band(
        s.points.map((p) => p.p25),
        s.points.map((p) => p.p75),
        colour,
        0.25,
      ),
    );
    parts.push(
      `<polyline points="${s.points.map((p, i) => pt(x(i), y(p.p50))).join(' ')}" fill="none" stroke="${line}" stroke-width="2.5"${dash} class="median" data-method="${s.method}"/>`,
    );
    legend.push(
      `<line x1="${width - margin.right + 12}" x2="${width - margin.right + 36}" y1="${margin.top + 10 + k * 20}" y2="${margin.top + 10 + k * 20}" stroke="${line}" stroke-width="2.5"${dash}/><text x="${width - margin.right + 42}" y="${margin.top + 14 + k * 20}" class="legend">${escapeHtml(s.label)}</text>`,
    );
  });
  parts.push(
    `<polyline points="${capacity.map((c, i) => pt(x(i), y(c))).join(' ')}" fill="none" stroke="${COLOURS.capacity}" stroke-width="2" stroke-dasharray="2 3" class="capacity"/>`,
  );
  const k = series.length;
  legend.push(
    `<line x1="${width - margin.right + 12}" x2="${width - margin.right + 36}" y1="${margin.top + 10 + k * 20}" y2="${margin.top + 10 + k * 20}" stroke="${COLOURS.capacity}" stroke-width="2" stroke-dasharray="2 3"/><text x="${width - margin.right + 42}" y="${margin.top + 14 + k * 20}" class="legend">beds today and planned</text>`,
  );
  legend.push(
    `<rect x="${width - margin.right + 12}" y="${margin.top + 2 + (k + 1) * 20}" width="24" height="12" fill="${COLOURS.band}" fill-opacity="0.4"/><text x="${width - margin.right + 42}" y="${margin.top + 14 + (k + 1) * 20}" class="legend">middle 50% of runs</text>`,
  );
  legend.push(
    `<rect x="${width - margin.right + 12}" y="${margin.top + 2 + (k + 2) * 20}" width="24" height="12" fill="${COLOURS.band}" fill-opacity="0.15"/><text x="${width - margin.right + 42}" y="${margin.top + 14 + (k + 2) * 20}" class="legend">middle 80% of runs</text>`,
  );
  return svg(width, height, options.title, options.description, [...parts, ...legend], 'fan');
}

export interface WhiskerRow {
  label: string;
  p10: number;
  p50: number;
  p90: number;
}

/** One row per option: the median as a dot, P10 to P90 as a whisker, and an optional reference line. */
export function whiskerChart(options: {
  title: string;
  description: string;
  rows: WhiskerRow[];
  reference?: { value: number; label: string };
  width?: number;
}): string {
  const width = options.width ?? 640;
  const rowHeight = 28;
  const margin = { left: 190, right: 24, top: 12, bottom: 30 };
  const height = margin.top + margin.bottom + rowHeight * options.rows.length;
  const values = [
    ...options.rows.flatMap((r) => [r.p10, r.p90]),
    ...(options.reference ? [options.reference.value] : []),
  ];
  const x = linearScale(Math.min(...values), Math.max(...values), margin.left, width - margin.right, 5, 1);
  const parts: string[] = [];
  for (const t of x.ticks)
    parts.push(
      `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="${COLOURS.grid}"/><text x="${x(t).toFixed(1)}" y="${height - margin.bottom + 16}" text-anchor="middle" class="tick">${fmt(t)}</text>`,
    );
  if (options.reference) {
    const r = x(options.reference.value).toFixed(1);
    // Near the right edge the label goes to the left of its line, so it is never cut off.
    const leftOfLine = x(options.reference.value) > width - 140;
    parts.push(
      `<line x1="${r}" x2="${r}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="${COLOURS.capacity}" stroke-width="2" stroke-dasharray="2 3" class="reference"/><text x="${r}" y="${margin.top + 8}" dx="${leftOfLine ? -4 : 4}" text-anchor="${leftOfLine ? 'end' : 'start'}" class="legend">${escapeHtml(options.reference.label)}</text>`,
    );
  }
  options.rows.forEach((row, i) => {
    const cy = margin.top + rowHeight * i + rowHeight / 2;
    parts.push(
      `<text x="${margin.left - 8}" y="${cy + 4}" text-anchor="end" class="label">${escapeHtml(row.label)}</text>`,
    );
    parts.push(
      `<line x1="${x(row.p10).toFixed(1)}" x2="${x(row.p90).toFixed(1)}" y1="${cy}" y2="${cy}" stroke="${COLOURS.occupancy}" stroke-width="3"/>`,
    );
    parts.push(`<circle cx="${x(row.p50).toFixed(1)}" cy="${cy}" r="5.5" fill="${COLOURS.occupancy}" class="median"/>`);
  });
  return svg(width, height, options.title, options.description, parts, 'whiskers');
}

export interface WaterfallStep {
  step: string;
  kind: 'start' | 'change' | 'end';
  p50: number;
}

/**
 * From today's beds to the requirement: bars for the start and the end, floating bars for each
 * change, drawn from the running total of medians. (Medians of the steps need not add up to the
 * median requirement; the end bar shows the requirement's own median, and the table says so.)
 */
export function waterfallChart(options: {
  title: string;
  description: string;
  steps: WaterfallStep[];
  width?: number;
  height?: number;
}): string {
  const width = options.width ?? 640;
  // The step names run down at a slant under the bars: room for the longest (lever names can be long).
  const labelRoom = Math.max(64, 20 + 3 * Math.max(...options.steps.map((s) => s.step.length)));
  const height = (options.height ?? 280) + labelRoom - 64;
  const margin = { left: 64, right: 16, top: 16, bottom: labelRoom };
  let running = 0;
  const bars = options.steps.map((s) => {
    if (s.kind === 'change') {
      const from = running;
      running += s.p50;
      return { ...s, from, to: running };
    }
    running = s.p50;
    return { ...s, from: 0, to: s.p50 };
  });
  const tops = bars.flatMap((b) => [b.from, b.to]);
  const starts = bars.filter((b) => b.kind !== 'change').map((b) => b.to);
  // A waterfall of beds is read at its top: start the axis near the smallest total, not at zero.
  const lo = Math.min(...tops.filter((v) => v !== 0), ...starts) * 0.9;
  const y = linearScale(lo, Math.max(...tops), height - margin.bottom, margin.top, 5, 1);
  const slot = (width - margin.left - margin.right) / bars.length;
  const parts: string[] = [];
  for (const t of y.ticks)
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${COLOURS.grid}"/><text x="${margin.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" class="tick">${fmt(t)}</text>`,
    );
  bars.forEach((b, i) => {
    const x0 = margin.left + i * slot + slot * 0.15;
    const top = y(Math.max(b.from, b.to, b.kind === 'change' ? -Infinity : y.ticks[0]!));
    const bottom = b.kind === 'change' ? y(Math.min(b.from, b.to)) : y(y.ticks[0]!);
    const fill = b.kind !== 'change' ? COLOURS.capacity : b.p50 > 0 ? COLOURS.risk : COLOURS.occupancy;
    parts.push(
      `<rect x="${x0.toFixed(1)}" y="${top.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${Math.max(1, bottom - top).toFixed(1)}" fill="${fill}" fill-opacity="${b.kind === 'change' ? 0.85 : 0.55}" class="bar" data-step="${escapeHtml(b.step)}"/>`,
    );
    const value = b.kind === 'change' ? `${b.p50 > 0 ? '+' : ''}${fmt(b.p50)}` : fmt(b.p50);
    parts.push(
      `<text x="${(x0 + slot * 0.35).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle" class="tick">${value}</text>`,
    );
    parts.push(
      `<text transform="translate(${(x0 + slot * 0.35).toFixed(1)},${height - margin.bottom + 12}) rotate(25)" class="tick">${escapeHtml(b.step)}</text>`,
    );
  });
  return svg(width, height, options.title, options.description, parts, 'waterfall');
}

export function svg(
  width: number,
  height: number,
  title: string,
  description: string,
  parts: string[],
  kind: string,
): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${kind}" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="t-${kind}-${hash(title)} d-${kind}-${hash(title)}"><title id="t-${kind}-${hash(title)}">${escapeHtml(title)}</title><desc id="d-${kind}-${hash(title)}">${escapeHtml(description)}</desc>${parts.join('')}</svg>`;
}

/** A short stable id from a title, so several charts on one page get distinct aria ids. */
function hash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

/** Line colours for options, in order: distinct for colour-blind readers (Okabe and Ito). */
const OPTION_COLOURS = ['#212b32', '#005eb8', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442'];

export interface MonthSeries {
  label: string;
  /** Median beds required in each month, January..December. */
  values: number[];
  dashed?: boolean;
}

/** The winter peak: twelve months of beds required, one line per series, against capacity. */
export function monthChart(options: {
  title: string;
  description: string;
  months: readonly string[];
  series: MonthSeries[];
  capacity: number;
  width?: number;
  height?: number;
}): string {
  const { months, series, capacity } = options;
  const width = options.width ?? 640;
  const height = options.height ?? 260;
  const margin = { left: 64, right: 200, top: 16, bottom: 30 };
  const values = [capacity, ...series.flatMap((s) => s.values)];
  const y = linearScale(Math.min(...values), Math.max(...values), height - margin.bottom, margin.top);
  const xStep = (width - margin.left - margin.right) / Math.max(1, months.length - 1);
  const x = (i: number) => margin.left + i * xStep;
  const parts: string[] = [];
  for (const t of y.ticks)
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="${COLOURS.grid}"/><text x="${margin.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" class="tick">${fmt(t)}</text>`,
    );
  months.forEach((m, i) =>
    parts.push(
      `<text x="${x(i).toFixed(1)}" y="${height - margin.bottom + 18}" text-anchor="middle" class="tick">${escapeHtml(m)}</text>`,
    ),
  );
  const legendRow = (k: number, stroke: string, dash: string, label: string) =>
    `<line x1="${width - margin.right + 12}" x2="${width - margin.right + 36}" y1="${margin.top + 10 + k * 20}" y2="${margin.top + 10 + k * 20}" stroke="${stroke}" stroke-width="2.5"${dash}/><text x="${width - margin.right + 42}" y="${margin.top + 14 + k * 20}" class="legend">${escapeHtml(label)}</text>`;
  series.forEach((s, k) => {
    const colour = OPTION_COLOURS[k % OPTION_COLOURS.length]!;
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    parts.push(
      `<polyline points="${s.values.map((v, i) => pt(x(i), y(v))).join(' ')}" fill="none" stroke="${colour}" stroke-width="2.5"${dash} class="month-line"/>`,
    );
    parts.push(legendRow(k, colour, dash, s.label));
  });
  parts.push(
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(capacity).toFixed(1)}" y2="${y(capacity).toFixed(1)}" stroke="${COLOURS.capacity}" stroke-width="2" stroke-dasharray="2 3" class="capacity"/>`,
  );
  parts.push(legendRow(series.length, COLOURS.capacity, ' stroke-dasharray="2 3"', 'beds planned'));
  return svg(width, height, options.title, options.description, parts, 'months');
}
