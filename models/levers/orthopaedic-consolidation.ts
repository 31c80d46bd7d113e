/**
 * Elective orthopaedic consolidation: from go-live, the share of elective orthopaedic inpatients
 * who meet the centre criteria moves from the base sites to ring-fenced centres, where they stay
 * for the centre's own LoS. Day cases, trauma and everything else stay put (they are other
 * pathways). Admissions are conserved: what leaves a base site arrives at the centres.
 */
import type { Activity } from './activity.js';

export interface Consolidated {
  remaining: Activity;
  /** Admissions and bed days arriving at each centre, in the order of the centres given. */
  toCentres: Activity[];
}

export function applyOrthopaedicConsolidation(
  activity: Activity,
  shareMoved: number,
  ramp: number,
  centreShares: readonly number[],
  centreMeanLos: number,
): Consolidated {
  const movedShare = shareMoved * ramp;
  const moved = activity.admissions * movedShare;
  return {
    // The movers had the base site's average stay, so the base loses their share of bed days.
    remaining: { admissions: activity.admissions - moved, bedDays: activity.bedDays * (1 - movedShare) },
    toCentres: centreShares.map((s) => ({ admissions: moved * s, bedDays: moved * s * centreMeanLos })),
  };
}
