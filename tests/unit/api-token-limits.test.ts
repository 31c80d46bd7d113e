import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { parseApiTokens } from '../../api/bearer-auth.js';
import { selStp2016 } from '../../models/presets/sel-stp-2016.js';
import { estimateRunCost } from '../../models/run-cost.js';
import { scenarioSchema } from '../../models/scenario.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { readJson } from '../support/read-json.js';
import { tempStore } from '../support/temp-store.js';

const launch = (token: string, body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  body: JSON.stringify(body),
});

function setup(perToken: { maxConcurrentRuns: number; maxCoreSeconds: number }, tokens = 'alpha, beta') {
  const service = new FakeSimulationService();
  const app = createApp({
    simulations: service,
    store: tempStore(),
    tokens: parseApiTokens(tokens),
    limits: { maxRunCoreSeconds: 1800, perToken },
  });
  return { app, service };
}

describe('per-token limits (API_TOKENS)', () => {
  it('caps the runs a token has in flight with 429 and Retry-After, and frees the slot when one ends', async () => {
    const { app, service } = setup({ maxConcurrentRuns: 2, maxCoreSeconds: 3600 });
    const run = (seed: number, token = 'alpha') =>
      app.request('/v1/simulations', launch(token, { preset: 'small-hospital', iterations: 100, seed }));
    const first = await readJson(await run(1));
    expect((await run(2)).status).toBe(202);
    const refused = await run(3);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = await readJson(refused);
    expect(body.type).toBe('urn:bedcast:problem:too-many-runs');
    expect(body.detail).toMatch(/2 runs in flight/);
    // The same request again attaches to its run; another token has its own slots.
    expect((await run(1)).status).toBe(202);
    expect((await run(3, 'beta')).status).toBe(202);
    expect(service.started.map((s) => s.seed)).toEqual([1, 2, 1, 3]);
    service.runs.get(first.id)!.status = 'succeeded';
    expect((await run(3)).status).toBe(202);
  });

  it("caps the estimated cost of a token's runs in flight", async () => {
    const request = { preset: 'sel-stp-2016', iterations: 2000 };
    const one = estimateRunCost(scenarioSchema.parse(selStp2016.scenario), 2000).coreSeconds;
    const { app } = setup({ maxConcurrentRuns: 10, maxCoreSeconds: 1.5 * one });
    expect((await app.request('/v1/simulations', launch('alpha', { ...request, seed: 1 }))).status).toBe(202);
    const refused = await app.request('/v1/simulations', launch('alpha', { ...request, seed: 2 }));
    expect(refused.status).toBe(429);
    expect((await readJson(refused)).detail).toMatch(/over its budget/);
    expect((await app.request('/v1/simulations', launch('beta', { ...request, seed: 2 }))).status).toBe(202);
  });
});
