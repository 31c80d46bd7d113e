/** How the report prints figures: whole beds with thousands separators, signed changes, shares as percentages. */
import type { Distribution } from '../../models/summary.js';

type Interval = Pick<Distribution, 'p10' | 'p50' | 'p90'>;

export const n = (x: number) => Math.round(x).toLocaleString('en-GB');
export const signed = (x: number) => (Math.round(x) > 0 ? `+${n(x)}` : n(x));
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const range = (d: Interval) => `${n(d.p50)} <span class="range">(${n(d.p10)} to ${n(d.p90)})</span>`;
export const signedRange = (d: Interval) =>
  `${signed(d.p50)} <span class="range">(${signed(d.p10)} to ${signed(d.p90)})</span>`;
