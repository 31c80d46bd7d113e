/**
 * Saved scenarios through the app (app.request, a fake engine, a temp store): save a copy of a
 * preset with a note, read it and its revisions, revise it by If-Match (428 without, 412 when
 * stale or when another editor won the race), open documents of older and newer formats, and
 * launch by id and revision.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { canonicalJson } from '../../models/canonical-json.js';
import { findPreset } from '../../models/presets/index.js';
import { scenarioSchema } from '../../models/scenario.js';
import { scenarioKey, scenarioRevisionKey } from '../../store/run-keys.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { readJson } from '../support/read-json.js';
import { tempStore } from '../support/temp-store.js';

const json = { 'content-type': 'application/json' };
const small = findPreset('small-hospital')!;

function setup() {
  const service = new FakeSimulationService();
  const store = tempStore();
  const app = createApp({ simulations: service, store });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });
  const put = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, { method: 'PUT', headers: { ...json, ...headers }, body: JSON.stringify(body) });
  return { service, store, app, post, put };
}

async function saveSmall(post: ReturnType<typeof setup>['post']) {
  const res = await post('/v1/scenarios', {
    from: { preset: 'small-hospital' },
    overrides: { '/bedPolicy/targetOccupancy': 0.9 },
    notes: { '/bedPolicy/targetOccupancy': 'the board accepts running hotter than 85%' },
  });
  expect(res.status).toBe(201);
  return { res, body: await readJson(res) };
}

describe('POST /v1/scenarios', () => {
  it('saves a copy of a preset with its overrides and a rationale note as revision 1', async () => {
    const { app, post } = setup();
    const { res, body } = await saveSmall(post);
    expect(body.id).toMatch(/^scn-[0-9a-f]{16}$/);
    expect(res.headers.get('location')).toBe(`/v1/scenarios/${body.id}`);
    expect(res.headers.get('etag')).toBe(`"${body.id}.1"`);
    expect(body.revision).toBe(1);
    expect(body.scenario.bedPolicy.targetOccupancy).toBe(0.9);
    expect(body.scenario.sites).toEqual(scenarioSchema.parse(small.scenario).sites);
    expect(body.notes).toEqual({ '/bedPolicy/targetOccupancy': 'the board accepts running hotter than 85%' });
    expect(body.origin).toEqual({ preset: 'small-hospital' });

    const list = await readJson(await app.request('/v1/scenarios'));
    expect(list.scenarios).toEqual([expect.objectContaining({ id: body.id, revision: 1, name: small.scenario.name })]);
    const latest = await app.request(`/v1/scenarios/${body.id}`);
    expect(latest.status).toBe(200);
    expect(latest.headers.get('etag')).toBe(`"${body.id}.1"`);
    expect(await readJson(latest)).toEqual(body);
    const first = await app.request(`/v1/scenarios/${body.id}/revisions/1`);
    expect(first.headers.get('cache-control')).toContain('immutable');
    expect((await readJson(first)).scenario).toEqual(body.scenario);
  });

  it('saves a whole scenario, and copies the scenario a run simulated', async () => {
    const { store, post } = setup();
    const whole = await post('/v1/scenarios', { scenario: small.scenario });
    expect(whole.status).toBe(201);
    expect((await readJson(whole)).origin).toBeUndefined();

    const runId = 'sim-0123456789abcdef01234567';
    const simulated = { ...scenarioSchema.parse(small.scenario), name: 'what the run simulated' };
    await store.put(scenarioKey(runId), new TextEncoder().encode(canonicalJson(simulated)));
    const copied = await post('/v1/scenarios', { from: { run: runId } });
    expect(copied.status).toBe(201);
    const body = await readJson(copied);
    expect(body.origin).toEqual({ run: runId });
    expect(body.name).toBe('what the run simulated');
    expect((await post('/v1/scenarios', { from: { run: 'sim-ffffffffffffffffffffffff' } })).status).toBe(404);
  });

  it('names the offending field: an override with nothing to replace, a note on nothing, a bad value', async () => {
    const { post } = setup();
    const nothing = await post('/v1/scenarios', { from: { preset: 'small-hospital' }, overrides: { '/nope': 1 } });
    expect(nothing.status).toBe(422);
    expect((await readJson(nothing)).errors[0].pointer).toBe('/overrides/~1nope');
    const note = await post('/v1/scenarios', { from: { preset: 'small-hospital' }, notes: { '/bedPolicy/nope': 'x' } });
    expect(note.status).toBe(422);
    expect((await readJson(note)).errors).toEqual([
      { pointer: '/notes/~1bedPolicy~1nope', detail: 'the scenario has nothing at /bedPolicy/nope to note' },
    ]);
    const bad = await post('/v1/scenarios', {
      from: { preset: 'small-hospital' },
      overrides: { '/bedPolicy/targetOccupancy': 7 },
    });
    expect(bad.status).toBe(422);
    expect((await readJson(bad)).errors[0].pointer).toBe('/overrides/~1bedPolicy~1targetOccupancy');
    const unknown = await post('/v1/scenarios', { from: { preset: 'nowhere' } });
    expect(unknown.status).toBe(404);
    const both = await post('/v1/scenarios', { scenario: small.scenario, from: { preset: 'small-hospital' } });
    expect(both.status).toBe(422);
    expect((await readJson(both)).errors[0].pointer).toBe('/from');
  });
});

describe('PUT /v1/scenarios/{id}: revisions by If-Match', () => {
  it('needs If-Match (428), refuses a stale one (412) and saves the next revision with a diff', async () => {
    const { app, post, put } = setup();
    const { body: saved } = await saveSmall(post);
    const path = `/v1/scenarios/${saved.id}`;
    const change = { overrides: { '/bedPolicy/riskTarget': 0.05 } };

    const missing = await put(path, change);
    expect(missing.status).toBe(428);
    expect((await readJson(missing)).errors[0]).toMatchObject({ header: 'if-match' });

    const second = await put(path, change, { 'if-match': `"${saved.id}.1"` });
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe(`"${saved.id}.2"`);
    const revised = await readJson(second);
    expect(revised.revision).toBe(2);
    expect(revised.scenario.bedPolicy).toMatchObject({ targetOccupancy: 0.9, riskTarget: 0.05 });
    expect(revised.changes).toEqual([{ pointer: '/bedPolicy/riskTarget', from: 0.01, to: 0.05 }]);
    // The note's value still exists, so the note carries over.
    expect(revised.notes).toEqual(saved.notes);
    expect(revised.origin).toEqual({ scenario: { id: saved.id, revision: 1 } });

    // An editor still holding revision 1 is told, and told where the scenario is now.
    const stale = await put(path, { overrides: { '/bedPolicy/riskTarget': 0.02 } }, { 'if-match': `"${saved.id}.1"` });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe(`"${saved.id}.2"`);
    expect((await readJson(stale)).detail).toContain('revision 2');

    // Revision 1 is unchanged; the latest is 2.
    expect((await readJson(await app.request(`${path}/revisions/1`))).scenario.bedPolicy.riskTarget).toBe(0.01);
    expect((await readJson(await app.request(path))).revision).toBe(2);
    expect((await app.request(`${path}/revisions/3`)).status).toBe(404);
  });

  it('lets exactly one of two editors racing from the same revision win; the other gets 412', async () => {
    const { app, post, put } = setup();
    const { body: saved } = await saveSmall(post);
    const path = `/v1/scenarios/${saved.id}`;
    const ifMatch = { 'if-match': `"${saved.id}.1"` };
    const [a, b] = await Promise.all([
      put(path, { overrides: { '/bedPolicy/riskTarget': 0.02 } }, ifMatch),
      put(path, { overrides: { '/bedPolicy/riskTarget': 0.03 } }, ifMatch),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? 0.02 : 0.03;
    const latest = await readJson(await app.request(path));
    expect(latest.revision).toBe(2);
    expect(latest.scenario.bedPolicy.riskTarget).toBe(winner);
  });

  it('answers an unknown scenario with 404 and other methods with 405', async () => {
    const { app, put } = setup();
    expect((await app.request('/v1/scenarios/scn-0000000000000000')).status).toBe(404);
    expect((await app.request('/v1/scenarios/not-an-id/revisions/1')).status).toBe(404);
    expect(
      (await put('/v1/scenarios/scn-0000000000000000', { scenario: small.scenario }, { 'if-match': '*' })).status,
    ).toBe(404);
    const del = await app.request('/v1/scenarios/scn-0000000000000000', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD, PUT');
  });
});

describe('saved scenarios of other formats', () => {
  const id = 'scn-00000000000000aa';
  const put = (store: ReturnType<typeof tempStore>, revision: number, document: unknown) =>
    store.put(scenarioRevisionKey(id, revision), new TextEncoder().encode(JSON.stringify(document)));

  it('opens a format 0 document (before versioning) upgraded, and says so', async () => {
    const { store, app } = setup();
    await put(store, 1, { id, revision: 1, scenario: small.scenario });
    const res = await app.request(`/v1/scenarios/${id}`);
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.upgradedFrom).toBe(0);
    expect(body.notes).toEqual({});
    expect(body.scenario).toEqual(scenarioSchema.parse(small.scenario));
  });

  it('refuses a newer format, and a scenario the current schema rejects, naming why', async () => {
    const { store, app, post } = setup();
    await put(store, 1, { format: 2, id, revision: 1, scenario: small.scenario });
    const newer = await app.request(`/v1/scenarios/${id}`);
    expect(newer.status).toBe(422);
    const problem = await readJson(newer);
    expect(problem.type).toBe('urn:bedcast:problem:scenario-unreadable');
    expect(problem.errors[0].pointer).toBe('/format');
    expect(problem.detail).toContain('newer bedcast (format 2)');
    // Launching it is refused the same way, naming the request's field.
    const launch = await post('/v1/simulations', { savedScenario: { id, revision: 1 }, iterations: 10, seed: 1 });
    expect(launch.status).toBe(422);
    expect((await readJson(launch)).errors[0].pointer).toBe('/savedScenario');

    const old = 'scn-00000000000000bb';
    await store.put(
      scenarioRevisionKey(old, 1),
      new TextEncoder().encode(JSON.stringify({ id: old, revision: 1, scenario: { ...small.scenario, years: [] } })),
    );
    const invalid = await app.request(`/v1/scenarios/${old}/revisions/1`);
    expect(invalid.status).toBe(422);
    expect((await readJson(invalid)).errors[0].pointer).toMatch(/^\/scenario\/years/);
  });
});

describe('POST /v1/simulations with savedScenario', () => {
  it('launches a revision by id: the scenario of that revision, and the source names it', async () => {
    const { service, post, put } = setup();
    const { body: saved } = await saveSmall(post);
    await put(`/v1/scenarios/${saved.id}`, { overrides: { '/bedPolicy/riskTarget': 0.05 } }, { 'if-match': '*' });

    const first = await post('/v1/simulations', {
      savedScenario: { id: saved.id, revision: 1 },
      iterations: 10,
      seed: 3,
    });
    expect(first.status).toBe(202);
    const input = service.started.at(-1)!;
    expect((input.scenario as { bedPolicy: { riskTarget: number } }).bedPolicy.riskTarget).toBe(0.01);
    expect(input.source).toEqual({ saved: { id: saved.id, revision: 1 } });

    // Without a revision: the latest.
    const latest = await post('/v1/simulations', { savedScenario: { id: saved.id }, iterations: 10, seed: 3 });
    expect(latest.status).toBe(202);
    expect(service.started.at(-1)!.source).toEqual({ saved: { id: saved.id, revision: 2 } });
    expect((await readJson(latest)).id).not.toBe((await readJson(first)).id);

    const missing = await post('/v1/simulations', { savedScenario: { id: saved.id, revision: 9 }, iterations: 10 });
    expect(missing.status).toBe(404);
    expect((await readJson(missing)).errors[0].pointer).toBe('/savedScenario');
    const twice = await post('/v1/simulations', { savedScenario: { id: saved.id }, preset: 'small-hospital' });
    expect(twice.status).toBe(422);
    expect(service.started).toHaveLength(2);
  });
});

describe('OpenAPI', () => {
  it('documents the scenario routes', async () => {
    const { app } = setup();
    const doc = await readJson(await app.request('/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/scenarios', '/v1/scenarios/{id}', '/v1/scenarios/{id}/revisions/{revision}']),
    );
    expect(Object.keys(doc.paths['/v1/scenarios/{id}'])).toEqual(expect.arrayContaining(['get', 'put']));
  });
});
