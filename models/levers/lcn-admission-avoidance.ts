/**
 * Local Care Network admission avoidance: a share of the avoidable admissions of targeted
 * segments no longer happens. Avoided stays need not be average stays (frail patients stay long,
 * ambulatory-care-sensitive ones short), so their bed days are the mean LoS times a factor.
 */
import type { Activity } from './activity.js';

export interface LcnAvoidanceDraw {
  avoidableShare: number;
  reductionAtMaturity: number;
  avoidedLosFactor: number;
}

export function applyLcnAvoidance(activity: Activity, meanLos: number, draw: LcnAvoidanceDraw, ramp: number): Activity {
  const avoided = activity.admissions * draw.avoidableShare * draw.reductionAtMaturity * ramp;
  const avoidedBedDays = Math.min(activity.bedDays, avoided * meanLos * draw.avoidedLosFactor);
  return { admissions: activity.admissions - avoided, bedDays: activity.bedDays - avoidedBedDays };
}
