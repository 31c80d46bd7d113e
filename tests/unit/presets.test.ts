import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../models/engine.js';
import { simulateBlock, summariseEngine } from '../../models/engine-summary.js';
import { PRESETS, findPreset } from '../../models/presets/index.js';
import { intervalPointers, resolvePointer } from '../../models/presets/preset.js';
import { sourcesDocument } from '../../models/presets/sources-document.js';
import { scenarioSchema } from '../../models/scenario.js';

describe('presets', () => {
  for (const preset of PRESETS) {
    it(`${preset.id} validates and runs through the engine`, () => {
      expect(scenarioSchema.safeParse(preset.scenario).error?.issues ?? []).toEqual([]);
      const c = compileScenario(preset.scenario);
      const result = summariseEngine(c, 1, simulateBlock(c, 1, 0, 20));
      expect(result.options.map((o) => o.id)).toEqual(preset.scenario.options.map((o) => o.id));
    });

    it(`${preset.id}: every source points at a real parameter`, () => {
      for (const s of preset.sources) expect(resolvePointer(preset.scenario, s.pointer), s.pointer).toBeDefined();
    });

    it(`${preset.id}: the committed sources document is up to date (npm run preset:sources)`, () => {
      const file = fileURLToPath(new URL(`../../models/presets/${preset.id}.sources.md`, import.meta.url));
      expect(readFileSync(file, 'utf8')).toBe(sourcesDocument(preset));
    });
  }

  it("sel-stp-2016 has the plan's structure, re-dated: three trusts, two centres, five years from 2018/19, five options", () => {
    const p = findPreset('sel-stp-2016')!;
    expect(p.scenario.years).toEqual(['2018/19', '2019/20', '2020/21', '2021/22', '2022/23']);
    expect(p.scenario.sites.map((s) => [s.id, s.role, s.beds, s.occupiedBeds])).toEqual([
      ['gstt', 'acute', 1032, 869.99],
      ['kch', 'acute', 1269, 1230.5],
      ['lgt', 'acute', 859, 817.48],
      ['guys-eoc', 'electiveCentre', 0, undefined],
      ['orpington-eoc', 'electiveCentre', 0, undefined],
    ]);
    expect(p.scenario.options.map((o) => o.id)).toEqual([
      'do-nothing',
      'lcn-admission-avoidance',
      'los-reduction',
      'orthopaedic-centres',
      'all-levers',
    ]);
    const segments = new Set(p.scenario.streams.map((s) => s.segment).filter(Boolean));
    expect([...segments].sort()).toEqual(['end-of-life', 'ltc-3plus', 'ltc-early', 'other']);
    const ortho = p.scenario.options[3]!.interventions!.find((iv) => iv.type === 'orthopaedicConsolidation')!;
    expect(ortho).toMatchObject({ goLiveYear: '2019/20', centres: [{ site: 'guys-eoc' }, { site: 'orpington-eoc' }] });
  });

  it('sel-ltp-2019 runs from the observed 2018/19 over the response horizon 2019/20 to 2023/24', () => {
    const p = findPreset('sel-ltp-2019')!;
    expect(p.scenario.years).toEqual(['2018/19', '2019/20', '2020/21', '2021/22', '2022/23', '2023/24']);
    expect(p.scenario.sites.slice(0, 3).map((s) => s.occupiedBeds)).toEqual([869.99, 1230.5, 817.48]);
  });

  for (const id of ['sel-stp-2016', 'sel-ltp-2019']) {
    it(`${id}: every uncertain parameter, site's beds and stream's bed days has a source`, () => {
      const p = findPreset(id)!;
      const sourced = new Set(p.sources.map((s) => s.pointer));
      const uncertain = intervalPointers(p.scenario);
      expect(uncertain.length).toBeGreaterThan(20);
      expect(uncertain.filter((pointer) => !sourced.has(pointer))).toEqual([]);
      p.scenario.sites.forEach((_s, i) => expect(sourced.has(`/sites/${i}/beds`)).toBe(true));
      p.scenario.streams.forEach((_s, i) => expect(sourced.has(`/streams/${i}/bedDaysPerYear`)).toBe(true));
      expect(sourced.has('/demandVariation/sdPerYear')).toBe(true);
    });
  }

  it('sel-stp-2016: do nothing has no centre beds; the orthopaedic option repurposes 2 x 24 beds of the host trusts from go-live', () => {
    const c = compileScenario(findPreset('sel-stp-2016')!.scenario);
    const system = c.scopeCount - 1;
    const [gstt, kch, lgt, guys, orpington] = [0, 1, 2, 3, 4];
    expect(c.capacity[c.baselineVariant]![system]).toEqual([3160, 3160, 3160, 3160, 3160]);
    const ortho = c.capacity[c.optionVariants[3]!]!;
    // The beds move: the system keeps its 3,160, the hosts lose what the centres gain.
    expect(ortho[system]).toEqual([3160, 3160, 3160, 3160, 3160]);
    expect(ortho[guys]).toEqual([0, 24, 24, 24, 24]);
    expect(ortho[orpington]).toEqual([0, 24, 24, 24, 24]);
    expect(ortho[gstt]).toEqual([1032, 1008, 1008, 1008, 1008]);
    expect(ortho[kch]).toEqual([1269, 1245, 1245, 1245, 1245]);
    expect(ortho[lgt]).toEqual([859, 859, 859, 859, 859]);
  });
});
