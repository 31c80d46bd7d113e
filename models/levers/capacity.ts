/** Beds at a site in each year: base beds plus planned openings and closures from their year on. */
export interface BedChange {
  fromYear: string;
  change: number;
}

export function capacityByYear(baseBeds: number, changes: readonly BedChange[], years: readonly string[]): number[] {
  const index = new Map(years.map((y, i) => [y, i]));
  return years.map((_, t) =>
    Math.max(
      0,
      changes.reduce((beds, c) => ((index.get(c.fromYear) ?? Infinity) <= t ? beds + c.change : beds), baseBeds),
    ),
  );
}
