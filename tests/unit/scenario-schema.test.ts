import { describe, expect, it } from 'vitest';
import { type ScenarioInput, scenarioSchema } from '../../models/scenario.js';
import { threeSiteScenario, withAllLevers } from '../support/three-site-scenario.js';

function issues(s: unknown): { path: string; message: string }[] {
  const r = scenarioSchema.safeParse(s);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}
const clone = (): ScenarioInput => structuredClone(withAllLevers(threeSiteScenario));

describe('scenario validation', () => {
  it('accepts the fixture', () => {
    expect(issues(clone())).toEqual([]);
  });

  it('names an unknown site in a stream', () => {
    const s = clone();
    s.streams[1]!.site = 'west';
    expect(issues(s)).toContainEqual({ path: 'streams.1.site', message: 'unknown site west' });
  });

  it('rejects a share outside [0, 1] at the offending end', () => {
    const s = clone();
    const lcn = s.options[1]!.interventions![0]! as { avoidableShare: unknown };
    lcn.avoidableShare = { p10: 0.2, p90: 1.4 };
    expect(issues(s)).toContainEqual(expect.objectContaining({ path: 'options.1.interventions.0.avoidableShare.p90' }));
  });

  it('rejects p10 above p90', () => {
    const s = clone();
    s.streams[0]!.losMeanDays = { p10: 9, p90: 7 };
    expect(issues(s)).toContainEqual({ path: 'streams.0.losMeanDays.p10', message: 'p10 must not exceed p90' });
  });

  it('rejects a centre that receives activity without beds, or is not a centre', () => {
    const s = clone();
    s.sites[2]!.beds = 0;
    expect(issues(s)).toContainEqual({
      path: 'options.3.interventions.0.centres.0.site',
      message: 'centre centre receives activity but has no beds in this option',
    });
    const t = clone();
    (t.options[3]!.interventions![0]! as { centres: { site: string; share: number }[] }).centres = [
      { site: 'south', share: 1 },
    ];
    expect(issues(t)).toContainEqual(
      expect.objectContaining({
        path: 'options.3.interventions.0.centres.0.site',
        message: expect.stringContaining('not electiveCentre'),
      }),
    );
  });

  it('rejects years outside the horizon', () => {
    const s = clone();
    (s.options[3]!.interventions![0]! as { goLiveYear: string }).goLiveYear = '2025/26';
    expect(issues(s)).toContainEqual({
      path: 'options.3.interventions.0.goLiveYear',
      message: 'year 2025/26 is outside the horizon 2016/17..2020/21',
    });
  });

  it('rejects an unknown baseline option, duplicate ids and centre shares that do not sum to 1', () => {
    const s = clone();
    s.baselineOption = 'nothing';
    s.streams[1]!.id = s.streams[0]!.id;
    (s.options[3]!.interventions![0]! as { centres: { site: string; share: number }[] }).centres[0]!.share = 0.5;
    const found = issues(s).map((i) => i.path);
    expect(found).toEqual(
      expect.arrayContaining(['baselineOption', 'streams.1.id', 'options.3.interventions.0.centres']),
    );
  });

  it('rejects one intervention id that means two different things', () => {
    const s = clone();
    const last = s.options.at(-1)!.interventions!;
    // A new object: the fixture's "all" option shares intervention objects with the single-lever options.
    last[1] = { ...last[1]!, reductionAtMaturity: 0.5 } as (typeof last)[number];
    expect(issues(s)).toContainEqual(
      expect.objectContaining({ message: 'intervention los is defined differently in another option' }),
    );
  });

  it('rejects unknown keys, so a typo is never silently ignored', () => {
    const s = clone() as Record<string, unknown>;
    s.bedPolicyy = {};
    expect(issues(s).length).toBeGreaterThan(0);
  });
});
