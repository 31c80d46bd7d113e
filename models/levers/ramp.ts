/**
 * Ramp-up of an intervention: the share of its full effect in each year of the horizon. A year
 * missing from the ramp carries the previous year's value forward; before the first listed year
 * the effect is zero.
 */
export function rampByYear(ramp: Readonly<Record<string, number>>, years: readonly string[]): number[] {
  let current = 0;
  return years.map((y) => {
    const value = ramp[y];
    if (value !== undefined) current = value;
    return current;
  });
}
