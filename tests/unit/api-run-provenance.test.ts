/**
 * Every run keeps its inputs: the overrides of a launch travel as a diff (pointer, from, to) in the
 * workflow input's source, and the run resource, the runs list, GET /v1/simulations/{id}/scenario,
 * the results and the report all say where the scenario came from and what was changed.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { canonicalJson } from '../../models/canonical-json.js';
import { findPreset } from '../../models/presets/index.js';
import { runInProcess } from '../../models/run-document.js';
import { scenarioSchema } from '../../models/scenario.js';
import { resultKey, scenarioKey } from '../../store/run-keys.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { readJson } from '../support/read-json.js';
import { tempStore } from '../support/temp-store.js';

const json = { 'content-type': 'application/json' };
const small = findPreset('small-hospital')!;
const change = { pointer: '/bedPolicy/targetOccupancy', from: 0.85, to: 0.92 };

function setup() {
  const service = new FakeSimulationService();
  const store = tempStore();
  const app = createApp({ simulations: service, store });
  const launch = (body: unknown) =>
    app.request('/v1/simulations', { method: 'POST', headers: json, body: JSON.stringify(body) });
  return { service, store, app, launch };
}

describe('a launched run keeps where its scenario came from', () => {
  it('carries the overrides as a diff against the preset, on the run, in the list and at /scenario', async () => {
    const { service, app, launch } = setup();
    const res = await launch({
      preset: 'small-hospital',
      overrides: { '/bedPolicy/targetOccupancy': 0.92 },
      iterations: 10,
      seed: 5,
    });
    expect(res.status).toBe(202);
    const run = await readJson(res);
    expect(service.started[0]!.source).toEqual({ preset: 'small-hospital', changes: [change] });
    expect(run.scenario).toEqual({ id: small.scenario.id, preset: 'small-hospital', changes: [change] });
    expect(run.links.scenario).toBe(`/v1/simulations/${run.id}/scenario`);

    const list = await readJson(await app.request('/v1/simulations'));
    expect(list.runs[0].scenario).toEqual(run.scenario);

    // Queued, nothing stored yet: the workflow input, marked as not yet validated by a worker.
    const scenario = await app.request(`/v1/simulations/${run.id}/scenario`);
    expect(scenario.status).toBe(200);
    const body = await readJson(scenario);
    expect(body.validated).toBe(false);
    expect(body.scenario.bedPolicy.targetOccupancy).toBe(0.92);
    expect(body.source).toEqual(run.scenario);
  });

  it('keeps a plain preset run and an inline one as they were: { preset } and {}', async () => {
    const { service, launch } = setup();
    await launch({ preset: 'small-hospital', iterations: 10, seed: 5 });
    await launch({ scenario: small.scenario, iterations: 10, seed: 6 });
    expect(service.started.map((s) => s.source)).toEqual([{ preset: 'small-hospital' }, {}]);
  });

  it("serves a finished run's scenario and provenance from the store, also with Temporal down", async () => {
    const { service, store, app } = setup();
    const scenario = scenarioSchema.parse({
      ...small.scenario,
      bedPolicy: { ...small.scenario.bedPolicy, targetOccupancy: 0.92 },
    });
    const source = { saved: { id: 'scn-00000000000000aa', revision: 2 }, changes: [change] };
    const doc = runInProcess({ scenario, seed: 1, iterations: 6, source });
    const id = doc.result.runId;
    await store.put(scenarioKey(id), new TextEncoder().encode(canonicalJson(scenario)));
    await store.put(resultKey(id), doc.bytes);
    service.engineUp = false;

    const res = await app.request(`/v1/simulations/${id}/scenario`);
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.validated).toBe(true);
    expect(body.scenario).toEqual(JSON.parse(canonicalJson(scenario)));
    expect(body.source).toEqual({ id: scenario.id, ...source });
    expect(body.links.saved).toBe('/v1/scenarios/scn-00000000000000aa/revisions/2');

    const run = await readJson(await app.request(`/v1/simulations/${id}`));
    expect(run.scenario).toEqual({ id: scenario.id, ...source });
    const results = await readJson(await app.request(`/v1/simulations/${id}/results`));
    expect(results.source).toEqual(source);
    const report = await (await app.request(`/v1/simulations/${id}/report`)).text();
    expect(report).toContain('from the saved scenario <code>scn-00000000000000aa</code> revision 2, changed:');
    expect(report).toContain('<code>/bedPolicy/targetOccupancy</code>: <code>0.85</code> → <code>0.92</code>');
  });

  it('answers 404 for a run it does not know', async () => {
    const { app } = setup();
    expect((await app.request('/v1/simulations/sim-000000000000000000000000/scenario')).status).toBe(404);
    expect((await app.request('/v1/simulations/nope/scenario')).status).toBe(404);
  });
});
