import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { findPreset } from '../../models/presets/index.js';
import { scenarioSchema } from '../../models/scenario.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { tempStore } from '../support/temp-store.js';
import { readJson } from '../support/read-json.js';

const app = createApp({ simulations: new FakeSimulationService(), store: tempStore() });

describe('GET /v1/presets', () => {
  it('lists the presets, SEL STP 2016 first, with their options and links', async () => {
    const res = await app.request('/v1/presets');
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.presets.map((p: { id: string }) => p.id)).toEqual(['sel-stp-2016', 'sel-ltp-2019', 'small-hospital']);
    expect(body.presets[0].options.map((o: { id: string }) => o.id)).toContain('all-levers');
    expect(body.presets[0].links.self).toBe('/v1/presets/sel-stp-2016');
  });

  it('serves one preset with its scenario and the source of every parameter', async () => {
    const res = await app.request('/v1/presets/sel-stp-2016');
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(scenarioSchema.safeParse(body.scenario).success).toBe(true);
    expect(body.sources).toEqual(findPreset('sel-stp-2016')!.sources);
    const growth = body.sources.find((s: { pointer: string }) => s.pointer === '/growth/0/ratePerYear');
    expect(growth).toMatchObject({ kind: 'public', confidence: 'medium' });
    expect(growth.source).toContain('ONS Census');
  });

  it('answers an unknown preset with 404 problem+json', async () => {
    const res = await app.request('/v1/presets/nowhere');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await readJson(res)).detail).toContain('GET /v1/presets');
  });

  it('is in the OpenAPI document', async () => {
    const doc = await readJson(await app.request('/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/presets', '/v1/presets/{id}']));
  });
});
