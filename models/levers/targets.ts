import type { Stream, Targets } from '../scenario.js';

/** True when a stream is within an intervention's or growth driver's targets. */
export function streamMatches(stream: Stream, targets: Targets): boolean {
  if (targets.sites && !targets.sites.includes(stream.site)) return false;
  if (targets.pathways && !targets.pathways.includes(stream.pathway)) return false;
  if (targets.segments && (!stream.segment || !targets.segments.includes(stream.segment))) return false;
  return true;
}
