/**
 * Activity growth: each driver (demographic, ageing, non-demographic, pathway-specific) is an
 * annual rate; drivers that apply to a stream multiply, and compound over the years.
 */
export function growthFactor(ratesPerYear: readonly number[], yearsAfterBase: number): number {
  let factor = 1;
  for (const r of ratesPerYear) factor *= (1 + r) ** yearsAfterBase;
  return factor;
}
