/**
 * The occupancy method of bed conversion, the NHS planning convention:
 * beds = bed days / (days in year x target occupancy), rounded up to whole beds.
 */
export function bedsByOccupancy(bedDays: number, targetOccupancy: number, daysInYear: number): number {
  if (!(targetOccupancy > 0 && targetOccupancy <= 1))
    throw new RangeError(`target occupancy must be in (0, 1], got ${targetOccupancy}`);
  // Guard against 134.99999999 becoming 135 by float noise in bed days that are exact multiples.
  return Math.ceil(bedDays / (daysInYear * targetOccupancy) - 1e-9);
}
