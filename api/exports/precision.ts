/**
 * The precision every exported figure is rounded to (CSV, wide CSV, the workbook; the report
 * rounds further for reading and says so). JSON keeps full precision: it is the stored result,
 * byte for byte, and its hash is the result's identity. A figure carries more digits than the
 * Monte Carlo error supports, and 16-digit artefacts of binary floating point
 * (35.900000000000006) only get in a planner's way.
 */

export interface PrecisionGroup {
  /** What the figures are, in words. */
  what: string;
  /** Digits after the decimal point. */
  decimals: number;
  unit: string;
  /** Metric names as the CSV writes them; a trailing * matches any suffix. */
  metrics: readonly string[];
}

export const PRECISION_GROUPS: readonly PrecisionGroup[] = [
  {
    what: 'beds',
    decimals: 1,
    unit: 'beds',
    metrics: [
      'capacity',
      'bedsRequired',
      'gap',
      'meanOccupied',
      'differenceFromBaseline.bedsRequired',
      'shortfall.sumOverSites',
      'shortfall.sumOverPools',
      'bridge:*',
      'bedsRequired:*',
    ],
  },
  {
    what: 'probabilities',
    decimals: 3,
    unit: 'share of model runs, 0 to 1',
    metrics: [
      'probabilityShortfall',
      'differenceFromBaseline.probabilityFewerBeds',
      'shortfall.probabilityAnySiteShort',
      'shortfall.probabilityAnyPoolShort',
      'shortfall.probabilityShort:*',
      'probabilityShortfall:*',
    ],
  },
  {
    what: 'admissions and bed days',
    decimals: 0,
    unit: 'a year',
    metrics: ['admissions', 'emergencyAdmissions', 'bedDays', 'differenceFromBaseline.bedDays'],
  },
  {
    what: 'admissions turned away and days',
    decimals: 1,
    unit: 'a year',
    metrics: ['turnedAway', 'daysFull', 'daysDemandAtOrAboveCapacity'],
  },
  { what: 'month numbers', decimals: 0, unit: '1 = January', metrics: ['peakMonth'] },
];

/** The Monte Carlo standard error of a mean gets one digit more than the figure it qualifies. */
export const MCSE_EXTRA_DECIMALS = 1;

/** One sentence for documents (OpenAPI, the workbook's cover, the report). */
export const PRECISION_STATEMENT = `${PRECISION_GROUPS.map((g) => `${g.what} to ${g.decimals} decimal place${g.decimals === 1 ? '' : 's'}`).join(', ')}; a Monte Carlo standard error (mcse) to one place more than its figure. JSON results keep full precision`;

export function precisionGroupOf(metric: string): PrecisionGroup | undefined {
  return PRECISION_GROUPS.find((g) =>
    g.metrics.some((m) => (m.endsWith('*') ? metric.startsWith(m.slice(0, -1)) : m === metric)),
  );
}

/** Decimals for one figure: its metric's, one more for an mcse; 3 for a metric no group names. */
export function decimalsFor(metric: string, statistic: string): number {
  const decimals = precisionGroupOf(metric)?.decimals ?? 3;
  return statistic === 'mcse' ? decimals + MCSE_EXTRA_DECIMALS : decimals;
}

/** x rounded half away from zero to `decimals` places, as the shortest number that prints so (never -0). */
export function roundTo(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const rounded = Number(x.toFixed(decimals));
  return rounded === 0 ? 0 : rounded;
}

export function roundFigure(metric: string, statistic: string, value: number): number {
  return roundTo(value, decimalsFor(metric, statistic));
}
