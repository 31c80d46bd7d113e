/**
 * Issue 19 through the real stack (Temporal dev server, a worker, the API over HTTP): a scenario
 * is saved from a preset with a note, revised by two editors from the same revision (one gets
 * 412), launched by id and revision; the run simulates that revision, and its scenario route,
 * run resource, results and report say where it came from and what was changed. A run no worker
 * has taken yet answers its scenario route from the workflow input.
 */
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { TemporalSimulationService } from '../../api/temporal-simulation-service.js';
import { type LiveStack, startLiveStack } from '../support/live-stack.js';
import { readJson } from '../support/read-json.js';
import { hasTemporal, temporalAddress, uniqueTaskQueue } from '../support/temporal-test-env.js';

describe.skipIf(!hasTemporal())('saved scenarios through the real stack', () => {
  let stack: LiveStack;

  beforeAll(async () => {
    stack = await startLiveStack('saved-scenarios');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  it('saves, revises by two editors (one gets 412), launches a revision and shows its provenance', async () => {
    const created = await call('POST', '/v1/scenarios', {
      from: { preset: 'small-hospital' },
      notes: { '/bedPolicy/targetOccupancy': 'the trust plans at 85%' },
    });
    expect(created.status).toBe(201);
    const saved = await readJson(created);
    const etag = created.headers.get('etag')!;

    // Two editors both hold revision 1; the first to save wins, the second is told.
    const first = await call(
      'PUT',
      `/v1/scenarios/${saved.id}`,
      { overrides: { '/bedPolicy/targetOccupancy': 0.9 } },
      { 'if-match': etag },
    );
    expect(first.status).toBe(200);
    const second = await call(
      'PUT',
      `/v1/scenarios/${saved.id}`,
      { overrides: { '/bedPolicy/riskTarget': 0.05 } },
      { 'if-match': etag },
    );
    expect(second.status).toBe(412);
    expect(second.headers.get('content-type')).toContain('application/problem+json');
    const latest = await readJson(await call('GET', `/v1/scenarios/${saved.id}`));
    expect(latest.revision).toBe(2);
    expect(latest.scenario.bedPolicy).toMatchObject({ targetOccupancy: 0.9, riskTarget: 0.01 });

    // Launch revision 2 with one more change on top.
    const launched = await call('POST', '/v1/simulations', {
      savedScenario: { id: saved.id, revision: 2 },
      overrides: { '/bedPolicy/riskTarget': 0.02 },
      iterations: 60,
      seed: 19,
    });
    expect(launched.status).toBe(202);
    const { id } = await readJson(launched);
    let run;
    for (let i = 0; i < 600; i++) {
      run = await readJson(await call('GET', `/v1/simulations/${id}`));
      if (!['queued', 'running'].includes(run.status)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(run.status).toBe('succeeded');
    const change = { pointer: '/bedPolicy/riskTarget', from: 0.01, to: 0.02 };
    const source = { saved: { id: saved.id, revision: 2 }, changes: [change] };
    expect(run.scenario).toEqual({ id: latest.scenario.id, ...source });

    const scenario = await readJson(await call('GET', `/v1/simulations/${id}/scenario`));
    expect(scenario.validated).toBe(true);
    expect(scenario.scenario.bedPolicy).toMatchObject({ targetOccupancy: 0.9, riskTarget: 0.02 });
    expect(scenario.source).toEqual(run.scenario);

    const results = await readJson(await call('GET', `/v1/simulations/${id}/results`));
    expect(results.source).toEqual(source);
    const report = await (await call('GET', `/v1/simulations/${id}/report`)).text();
    expect(report).toContain(`from the saved scenario <code>${saved.id}</code> revision 2, changed:`);
    const list = await readJson(await call('GET', `/v1/simulations?scenario=${latest.scenario.id}`));
    expect(list.runs.find((r: { id: string }) => r.id === id).scenario).toEqual(run.scenario);
  }, 120_000);

  it("answers a queued run's scenario from its workflow input", async () => {
    // A task queue no worker polls: the run stays queued, its scenario not yet stored.
    const connection = await Connection.connect({ address: temporalAddress() });
    const client = new Client({ connection });
    const app = createApp({
      simulations: new TemporalSimulationService(client, uniqueTaskQueue('saved-scenarios-queued')),
      store: stack.store,
    });
    let id: string | undefined;
    try {
      const launched = await app.request('/v1/simulations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ preset: 'small-hospital', overrides: { '/bedPolicy/riskTarget': 0.03 }, seed: 7 }),
      });
      expect(launched.status).toBe(202);
      id = (await readJson(launched)).id as string;
      const body = await readJson(await app.request(`/v1/simulations/${id}/scenario`));
      expect(body.validated).toBe(false);
      expect(body.scenario.bedPolicy.riskTarget).toBe(0.03);
      expect(body.source).toMatchObject({
        preset: 'small-hospital',
        changes: [{ pointer: '/bedPolicy/riskTarget', from: 0.01, to: 0.03 }],
      });
    } finally {
      // Leave nothing running on the shared server.
      if (id)
        await client.workflow
          .getHandle(id)
          .terminate('test done')
          .catch(() => undefined);
      await connection.close();
    }
  }, 60_000);
});
