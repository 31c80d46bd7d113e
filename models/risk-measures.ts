/**
 * The two ways bedcast measures the risk of a bed pool, named once for the scenario schema (which
 * workflow code imports, so no maths here) and the risk method:
 *
 *   arrivalsTurnedAway  the share of protected (emergency) arrivals that find every bed full, in a
 *                       loss system: what Erlang's loss formula gives;
 *   timeAtCapacity      the share of time that demand for beds (the census with nobody turned
 *                       away) is at or above the beds: the "risk of running out of beds".
 */
export const RISK_MEASURES = ['arrivalsTurnedAway', 'timeAtCapacity'] as const;
export type RiskMeasure = (typeof RISK_MEASURES)[number];
