import { tempStore } from '../support/temp-store.js';
import { readJson } from '../support/read-json.js';
import { describe, expect, it } from 'vitest';
import { createApp, MAX_BODY_BYTES } from '../../api/app.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import type { Scenario } from '../../models/scenario.js';

const SMALL = { preset: 'small-hospital' } as const;
import { FakeSimulationService } from '../support/fake-simulation-service.js';

function setup() {
  const service = new FakeSimulationService();
  return { service, app: createApp({ simulations: service, store: tempStore() }) };
}

const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => ({
  method: 'POST',
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('POST /v1/simulations', () => {
  it('starts a run and answers 202 with Location, the seed and a request id', async () => {
    const { app, service } = setup();
    const res = await app.request('/v1/simulations', post({ ...SMALL, iterations: 500, seed: 42 }));
    expect(res.status).toBe(202);
    const body = await readJson(res);
    expect(res.headers.get('location')).toBe(`/v1/simulations/${body.id}`);
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
    expect(body).toMatchObject({ status: 'queued', seed: 42, iterations: 500 });
    expect(service.started).toHaveLength(1);
  });

  it('generates a seed when none is given and returns it', async () => {
    const { app, service } = setup();
    const res = await app.request('/v1/simulations', post(SMALL));
    expect(res.status).toBe(202);
    const body = await readJson(res);
    expect(Number.isInteger(body.seed)).toBe(true);
    expect(service.started[0]?.seed).toBe(body.seed);
    expect(body.iterations).toBe(1000);
  });

  it('names the same run for the same request', async () => {
    const { app } = setup();
    const a = await readJson(await app.request('/v1/simulations', post({ ...SMALL, seed: 1 })));
    const b = await readJson(await app.request('/v1/simulations', post({ ...SMALL, seed: 1 })));
    const c = await readJson(await app.request('/v1/simulations', post({ ...SMALL, seed: 2 })));
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
  });

  it('rejects a negative rate in an inline scenario with 422 problem+json naming the field, and starts nothing', async () => {
    const { app, service } = setup();
    const scenario = structuredClone(smallHospital.scenario);
    scenario.streams[1]!.admissionsPerYear = -100;
    const res = await app.request('/v1/simulations', post({ scenario, seed: 1 }));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await readJson(res);
    expect(body.type).toBe('urn:bedcast:problem:invalid-request');
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/scenario/streams/1/admissionsPerYear');
    expect(body.instance).toBe(res.headers.get('x-request-id'));
    expect(service.started).toHaveLength(0);
  });

  it('rejects a lever acting in the observed base year with 422 naming the ramp and the year', async () => {
    const { app, service } = setup();
    const res = await app.request(
      '/v1/simulations',
      post({ preset: 'small-hospital', overrides: { '/options/2/interventions/0/ramp/2024~125': 0.3 }, seed: 1 }),
    );
    expect(res.status).toBe(422);
    const body = await readJson(res);
    // Blamed on the override that set it, as every override the scenario refuses is.
    expect(body.errors).toEqual([
      {
        pointer: '/overrides/~1options~12~1interventions~10~1ramp~12024~0125',
        detail: expect.stringContaining('base year 2024/25, which is observed'),
      },
    ]);
    // And inline, at the scenario's own field.
    const scenario = structuredClone(smallHospital.scenario);
    const lever = scenario.options[2]!.interventions![0]!;
    if (lever.type !== 'losReduction') throw new Error('the small hospital option 2 is a LoS reduction');
    lever.ramp['2024/25'] = 0.3;
    const inline = await readJson(await app.request('/v1/simulations', post({ scenario, seed: 1 })));
    expect(inline.errors).toEqual([
      {
        pointer: '/scenario/options/2/interventions/0/ramp/2024~125',
        detail: expect.stringContaining('base year 2024/25, which is observed'),
      },
    ]);
    expect(service.started).toHaveLength(0);
  });

  it('rejects a missing field with 422 naming it', async () => {
    const { app, service } = setup();
    const { bedPolicy: _omitted, ...scenario } = smallHospital.scenario;
    const res = await app.request('/v1/simulations', post({ scenario }));
    expect(res.status).toBe(422);
    const body = await readJson(res);
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/scenario/bedPolicy');
    expect(service.started).toHaveLength(0);
  });

  it('needs exactly one of preset and scenario', async () => {
    const { app, service } = setup();
    const neither = await app.request('/v1/simulations', post({ iterations: 10 }));
    const both = await app.request(
      '/v1/simulations',
      post({ preset: 'small-hospital', scenario: smallHospital.scenario }),
    );
    expect([neither.status, both.status]).toEqual([422, 422]);
    expect(service.started).toHaveLength(0);
  });

  it('answers an unknown preset with 404 and an unknown option with 422, naming them', async () => {
    const { app, service } = setup();
    const missing = await app.request('/v1/simulations', post({ preset: 'no-such-plan' }));
    expect(missing.status).toBe(404);
    const preset = await readJson(missing);
    expect(preset.errors).toEqual([{ pointer: '/preset', detail: expect.stringContaining('no-such-plan') }]);
    const option = await readJson(
      await app.request('/v1/simulations', post({ preset: 'small-hospital', options: ['shorter-stays', 'moon-base'] })),
    );
    expect(option.errors).toEqual([{ pointer: '/options/1', detail: expect.stringContaining('moon-base') }]);
    expect(service.started).toHaveLength(0);
  });

  it('applies overrides to the preset, and blames the override for a value the scenario refuses', async () => {
    const { app, service } = setup();
    const ok = await app.request(
      '/v1/simulations',
      post({ preset: 'small-hospital', overrides: { '/bedPolicy/targetOccupancy': 0.92 }, seed: 5 }),
    );
    expect(ok.status).toBe(202);
    expect((service.started[0]!.scenario as Scenario).bedPolicy.targetOccupancy).toBe(0.92);

    const bad = await readJson(
      await app.request(
        '/v1/simulations',
        post({ preset: 'small-hospital', overrides: { '/bedPolicy/targetOccupancy': 7 } }),
      ),
    );
    expect(bad.errors[0].pointer).toBe('/overrides/~1bedPolicy~1targetOccupancy');
    const missing = await readJson(
      await app.request('/v1/simulations', post({ preset: 'small-hospital', overrides: { '/bedPolicy/nonsense': 1 } })),
    );
    expect(missing.errors[0]).toEqual({
      pointer: '/overrides/~1bedPolicy~1nonsense',
      detail: expect.stringContaining('nothing at /bedPolicy/nonsense'),
    });
    expect(service.started).toHaveLength(1);
    // An inline scenario's overrides (the CLI's --set on a file) apply the same way, kept as changes.
    const inline = await app.request(
      '/v1/simulations',
      post({ scenario: smallHospital.scenario, overrides: { '/bedPolicy/targetOccupancy': 0.9 } }),
    );
    expect(inline.status).toBe(202);
    expect((service.started[1]!.scenario as Scenario).bedPolicy.targetOccupancy).toBe(0.9);
    expect(service.started[1]!.source).toEqual({
      changes: [
        { pointer: '/bedPolicy/targetOccupancy', from: smallHospital.scenario.bedPolicy.targetOccupancy, to: 0.9 },
      ],
    });
    const inlineBad = await readJson(
      await app.request(
        '/v1/simulations',
        post({ scenario: smallHospital.scenario, overrides: { '/bedPolicy/targetOccupancy': 90 } }),
      ),
    );
    expect(inlineBad.errors[0].pointer).toBe('/overrides/~1bedPolicy~1targetOccupancy');
    expect(service.started).toHaveLength(2);
  });

  it('keeps only the chosen options, always with the baseline', async () => {
    const { app, service } = setup();
    await app.request('/v1/simulations', post({ preset: 'small-hospital', options: ['shorter-stays'], seed: 5 }));
    expect((service.started[0]!.scenario as Scenario).options.map((o: { id: string }) => o.id)).toEqual([
      'do-nothing',
      'shorter-stays',
    ]);
  });

  it('names a run by what it computes: a preset and the same scenario inline are the same run', async () => {
    const { app } = setup();
    const a = await readJson(
      await app.request('/v1/simulations', post({ preset: 'small-hospital', seed: 8, iterations: 50 })),
    );
    const b = await readJson(
      await app.request('/v1/simulations', post({ scenario: smallHospital.scenario, seed: 8, iterations: 50 })),
    );
    const c = await readJson(
      await app.request(
        '/v1/simulations',
        post({ preset: 'small-hospital', overrides: { '/bedPolicy/riskTarget': 0.02 }, seed: 8, iterations: 50 }),
      ),
    );
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
  });

  it('rejects unknown keys (a typo must not be silently ignored)', async () => {
    const { app } = setup();
    const res = await app.request('/v1/simulations', post({ ...SMALL, iteratons: 10 }));
    expect(res.status).toBe(422);
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const { app, service } = setup();
    const res = await app.request('/v1/simulations', post('{"scenario": '));
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await readJson(res)).type).toBe('urn:bedcast:problem:malformed-json');
    expect(service.started).toHaveLength(0);
  });

  it('answers a non-JSON content type with 415', async () => {
    const { app } = setup();
    const res = await app.request(
      '/v1/simulations',
      post('a=b', { 'content-type': 'application/x-www-form-urlencoded' }),
    );
    expect(res.status).toBe(415);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers a body over the limit with 413', async () => {
    const { app } = setup();
    const big = JSON.stringify({ ...SMALL, pad: 'x'.repeat(MAX_BODY_BYTES + 1024) });
    const res = await app.request(
      '/v1/simulations',
      post(big, { 'content-type': 'application/json', 'content-length': String(big.length) }),
    );
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers 503 with Retry-After when Temporal is down', async () => {
    const { app, service } = setup();
    service.engineUp = false;
    const res = await app.request('/v1/simulations', post({ ...SMALL, seed: 3 }));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await readJson(res)).type).toBe('urn:bedcast:problem:temporal-unavailable');
  });
});

describe('GET /v1/simulations/{id}', () => {
  it('returns the run', async () => {
    const { app } = setup();
    const started = await readJson(await app.request('/v1/simulations', post({ ...SMALL, seed: 9 })));
    const res = await app.request(`/v1/simulations/${started.id}`);
    expect(res.status).toBe(200);
    expect((await readJson(res)).id).toBe(started.id);
  });

  it('answers 404 problem+json for an unknown run', async () => {
    const { app } = setup();
    const res = await app.request('/v1/simulations/sim-000000000000000000000000');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const garbage = await app.request('/v1/simulations/..%2F..%2Fetc');
    expect(garbage.status).toBe(404);
  });
});

describe('service endpoints', () => {
  it('health is up even when Temporal is down; ready says which dependency is missing', async () => {
    const { app, service } = setup();
    service.engineUp = false;
    expect((await app.request('/health')).status).toBe(200);
    const ready = await app.request('/ready');
    expect(ready.status).toBe(503);
    expect((await readJson(ready)).dependencies.temporal).toBe('down');
  });

  it('serves an OpenAPI 3.1 document that describes the launch route', async () => {
    const { app } = setup();
    const doc = await readJson(await app.request('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/simulations'].post.responses['202']).toBeDefined();
    expect(Object.keys(doc.paths['/v1/simulations/{id}'].get.responses)).toEqual(
      expect.arrayContaining(['200', '404']),
    );
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const { app } = setup();
    const res = await app.request('/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('DELETE /v1/simulations/{id}', () => {
  it('cancels a queued run with 202, then answers 409 for a run that has finished', async () => {
    const { app, service } = setup();
    const started = await readJson(await app.request('/v1/simulations', post({ ...SMALL, seed: 5 })));
    const res = await app.request(`/v1/simulations/${started.id}`, { method: 'DELETE' });
    expect(res.status).toBe(202);
    expect((await readJson(res)).status).toBe('cancelled');
    expect(service.runs.get(started.id)!.status).toBe('cancelled');
    const again = await app.request(`/v1/simulations/${started.id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect((await readJson(again)).type).toBe('urn:bedcast:problem:run-finished');
  });

  it('answers 404 problem+json for an unknown run', async () => {
    const { app } = setup();
    const res = await app.request('/v1/simulations/sim-000000000000000000000000', { method: 'DELETE' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('GET /v1/simulations', () => {
  it('lists runs newest first, a page at a time, following links.next to the end', async () => {
    const { app } = setup();
    const ids: string[] = [];
    for (const seed of [1, 2, 3])
      ids.push((await readJson(await app.request('/v1/simulations', post({ ...SMALL, seed })))).id);
    const first = await readJson(await app.request('/v1/simulations?limit=2'));
    expect(first.runs.map((r: { id: string }) => r.id)).toEqual([ids[2], ids[1]]);
    expect(first.runs[0].links.self).toBe(`/v1/simulations/${ids[2]}`);
    const second = await readJson(await app.request(first.links.next));
    expect(second.runs.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    expect(second.links.next).toBeUndefined();
  });

  it('filters by status and scenario, and refuses a bad filter or cursor', async () => {
    const { app, service } = setup();
    const a = await readJson(await app.request('/v1/simulations', post({ ...SMALL, seed: 1 })));
    await app.request('/v1/simulations', post({ preset: 'sel-stp-2016', seed: 1 }));
    service.runs.get(a.id)!.status = 'succeeded';
    const succeeded = await readJson(await app.request('/v1/simulations?status=succeeded'));
    expect(succeeded.runs.map((r: { id: string }) => r.id)).toEqual([a.id]);
    const sel = await readJson(await app.request('/v1/simulations?scenario=sel-stp-2016'));
    expect(sel.runs).toHaveLength(1);
    expect(sel.runs[0].scenario).toEqual({ id: 'sel-stp-2016', preset: 'sel-stp-2016' });
    expect((await app.request('/v1/simulations?status=sleeping')).status).toBe(422);
    expect((await app.request('/v1/simulations?limit=1000')).status).toBe(422);
    expect((await app.request('/v1/simulations?cursor=not%20even%20base64')).status).toBe(422);
    expect((await app.request('/v1/simulations?cursor=bm90LW91cnM')).status).toBe(422);
    const cursor = await app.request('/v1/simulations?cursor=bm90LW91cnM.c');
    expect(cursor.status).toBe(404);
    expect((await readJson(cursor)).errors[0]).toMatchObject({ parameter: 'cursor' });
  });
});

describe('methods', () => {
  it('answers a known path asked with the wrong method with 405 and Allow', async () => {
    const { app } = setup();
    for (const [method, path, allow] of [
      ['PUT', '/v1/simulations', 'GET, HEAD, POST'],
      ['OPTIONS', '/v1/presets', 'GET, HEAD'],
      ['POST', '/v1/simulations/sim-000000000000000000000000/results', 'GET, HEAD'],
      ['PATCH', '/v1/simulations/anything', 'GET, HEAD, DELETE'],
      // Read off the registered routes, so no path is left out (a hand-kept table missed these).
      ['POST', '/docs/assets/swagger-ui.css', 'GET, HEAD'],
      ['DELETE', '/v1/scenarios/scn-0000000000000000', 'GET, HEAD, PUT'],
      ['PUT', '/v1/scenarios:import', 'POST'],
    ] as const) {
      const res = await app.request(path, {
        method,
        ...(method === 'OPTIONS' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }),
      });
      expect({ path, status: res.status, allow: res.headers.get('allow') }).toEqual({ path, status: 405, allow });
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await app.request('/v1/nowhere', { method: 'PUT' })).status).toBe(404);
  });
});

describe('cursors', () => {
  it('open only what was sealed: a changed or foreign cursor is refused before it reaches Temporal', async () => {
    const { openCursor, sealCursor } = await import('../../api/temporal-simulation-service.js');
    const token = new Uint8Array([1, 2, 3, 250, 251]);
    expect([...openCursor(sealCursor(token))]).toEqual([...token]);
    const [body, check] = sealCursor(token).split('.');
    expect(() => openCursor(`${body}A.${check}`)).toThrow(/not a cursor/);
    expect(() => openCursor(`${'0'.repeat(2000)}.${check}`)).toThrow(/not a cursor/);
    expect(() => openCursor(body!)).toThrow(/not a cursor/);
  });
});
