/** Length-of-stay reduction: the mean LoS of targeted streams falls, so their bed days fall too. */
import type { Activity } from './activity.js';

export function applyLosReduction(activity: Activity, reductionAtMaturity: number, ramp: number): Activity {
  return { admissions: activity.admissions, bedDays: activity.bedDays * (1 - reductionAtMaturity * ramp) };
}
