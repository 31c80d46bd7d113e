/**
 * Hints for likely slips in a scenario, added to the validation message where one is probable:
 * a percentage where a fraction is meant (90 for 0.9), a year spelled another way (2026-27 for
 * 2026/27), a year inside the horizon but missing from its list. Pure functions of the value and
 * the scenario: the same message wherever the scenario is validated (API, CLI, worker).
 */

/** " (a share is a fraction of 1: did you mean 0.9?)" for 90 against a maximum of 1; "" otherwise. */
export function percentHint(value: unknown, max: number): string {
  if (max !== 1 || typeof value !== 'number' || !(value > 1 && value <= 100)) return '';
  return ` (a share is a fraction of 1: did you mean ${Number((value / 100).toPrecision(12))}?)`;
}

/** 2026-27, 2026-2027, 2026/2027, 2026–27 and 2026 27 all as 2026/27. */
function normaliseYear(text: string): string | undefined {
  const m = /^\s*(\d{4})\s*[-/–—_ ]\s*(\d{2}|\d{4})\s*$/.exec(text);
  if (!m) return undefined;
  return `${m[1]}/${m[2]!.slice(-2)}`;
}

/** Why a year named somewhere is not one of the scenario's years, with what was probably meant. */
export function unknownYearMessage(year: string, years: readonly string[]): string {
  const meant = normaliseYear(year);
  if (meant !== undefined && meant !== year && years.includes(meant))
    return `year ${year} is not one of the scenario's years: did you mean ${meant}?`;
  const first = years[0];
  const last = years.at(-1);
  if (first !== undefined && last !== undefined && year > first && year < last)
    return `year ${year} is inside the horizon ${first}..${last} but not in its list of years (${years.join(', ')}): add it to /years, or name a listed year`;
  return `year ${year} is outside the horizon ${first}..${last}`;
}
