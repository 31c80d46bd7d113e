/**
 * Options side by side as dot-and-whisker rows, with up to two figures per option: the first in
 * the NHS blue, the second (offset below, orange, hollow dot) beside it, and per row an optional
 * mark such as the option's own beds. Told apart by colour, shape and position, and named in a
 * legend, so the chart reads in grey too. Its figures are in the table beside it.
 */
import { escapeHtml } from './escape.js';
import { COLOURS, linearScale, svg } from './svg-charts.js';

export interface Interval {
  p10: number;
  p50: number;
  p90: number;
}

export interface ComparisonRow {
  label: string;
  first: Interval;
  second?: Interval;
  /** A single value drawn as a short dark bar across the row, e.g. the beds the option has. */
  mark?: number;
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-GB');

export function comparisonChart(options: {
  title: string;
  description: string;
  rows: ComparisonRow[];
  legend: { first: string; second?: string; mark?: string };
  reference?: { value: number; label: string };
  width?: number;
}): string {
  const width = options.width ?? 640;
  const hasSecond = options.rows.some((r) => r.second);
  const rowHeight = hasSecond ? 38 : 28;
  const legendHeight = 30;
  const margin = { left: 190, right: 24, top: 12 + legendHeight, bottom: 30 };
  const height = margin.top + margin.bottom + rowHeight * options.rows.length;
  const values = [
    ...options.rows.flatMap((r) => [
      r.first.p10,
      r.first.p90,
      ...(r.second ? [r.second.p10, r.second.p90] : []),
      ...(r.mark !== undefined ? [r.mark] : []),
    ]),
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
    const leftOfLine = x(options.reference.value) > width - 140;
    // Its label sits above the rows, under the legend, so no row's whisker runs through it.
    parts.push(
      `<line x1="${r}" x2="${r}" y1="${margin.top - 2}" y2="${height - margin.bottom}" stroke="${COLOURS.capacity}" stroke-width="2" stroke-dasharray="2 3" class="reference"/><text x="${r}" y="${margin.top - 5}" dx="${leftOfLine ? -4 : 4}" text-anchor="${leftOfLine ? 'end' : 'start'}" class="legend">${escapeHtml(options.reference.label)}</text>`,
    );
  }
  // The legend along the top, left to right.
  let lx = margin.left;
  const ly = 14;
  const legendItem = (glyph: (at: number) => string, text: string) => {
    parts.push(`${glyph(lx)}<text x="${lx + 30}" y="${ly + 4}" class="legend">${escapeHtml(text)}</text>`);
    lx += 40 + text.length * 6.5;
  };
  legendItem(
    (at) =>
      `<line x1="${at}" x2="${at + 24}" y1="${ly}" y2="${ly}" stroke="${COLOURS.occupancy}" stroke-width="3"/><circle cx="${at + 12}" cy="${ly}" r="5" fill="${COLOURS.occupancy}"/>`,
    options.legend.first,
  );
  if (hasSecond && options.legend.second)
    legendItem(
      (at) =>
        `<line x1="${at}" x2="${at + 24}" y1="${ly}" y2="${ly}" stroke="${COLOURS.riskBand}" stroke-width="3"/><circle cx="${at + 12}" cy="${ly}" r="4.5" fill="#fff" stroke="${COLOURS.riskBand}" stroke-width="2"/>`,
      options.legend.second,
    );
  if (options.rows.some((r) => r.mark !== undefined) && options.legend.mark)
    legendItem(
      (at) =>
        `<line x1="${at + 12}" x2="${at + 12}" y1="${ly - 8}" y2="${ly + 8}" stroke="${COLOURS.capacity}" stroke-width="3"/>`,
      options.legend.mark,
    );
  options.rows.forEach((row, i) => {
    const top = margin.top + rowHeight * i;
    const cy = top + (hasSecond ? 12 : rowHeight / 2);
    parts.push(
      `<text x="${margin.left - 8}" y="${top + rowHeight / 2 + 4}" text-anchor="end" class="label">${escapeHtml(row.label)}</text>`,
    );
    if (row.mark !== undefined) {
      const mx = x(row.mark).toFixed(1);
      parts.push(
        `<line x1="${mx}" x2="${mx}" y1="${top + 3}" y2="${top + rowHeight - 3}" stroke="${COLOURS.capacity}" stroke-width="3" class="mark"/>`,
      );
    }
    parts.push(
      `<line x1="${x(row.first.p10).toFixed(1)}" x2="${x(row.first.p90).toFixed(1)}" y1="${cy}" y2="${cy}" stroke="${COLOURS.occupancy}" stroke-width="3"/><circle cx="${x(row.first.p50).toFixed(1)}" cy="${cy}" r="5.5" fill="${COLOURS.occupancy}" class="median"/>`,
    );
    if (row.second) {
      const cy2 = cy + 14;
      parts.push(
        `<line x1="${x(row.second.p10).toFixed(1)}" x2="${x(row.second.p90).toFixed(1)}" y1="${cy2}" y2="${cy2}" stroke="${COLOURS.riskBand}" stroke-width="3"/><circle cx="${x(row.second.p50).toFixed(1)}" cy="${cy2}" r="4.5" fill="#fff" stroke="${COLOURS.riskBand}" stroke-width="2" class="median second"/>`,
      );
    }
  });
  return svg(width, height, options.title, options.description, parts, 'whiskers');
}
