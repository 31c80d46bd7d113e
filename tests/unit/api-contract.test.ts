/**
 * The API contract a report generator relies on (issue 19, item 6): Retry-After where a client
 * should wait, one name per concept, one error pointer style, documented fields, named
 * components whose examples validate, a body limit that fits the largest valid scenario, and
 * provenance in the CSV. Through app.request() against an app with one stored run.
 */
import { describe, expect, it } from 'vitest';
import type { RunView } from '../../api/simulation-service.js';
import { readJson } from '../support/read-json.js';
import { storedRunApp } from '../support/stored-run-app.js';

const pendingId = 'sim-0123456789abcdef01234567';

function pendingRun(status: RunView['status'], etaSeconds?: number): RunView {
  return {
    id: pendingId,
    status,
    seed: 1,
    iterations: 100,
    modelVersion: 'test',
    scenario: { id: 'small-hospital', preset: 'small-hospital' },
    progress: {
      phase: 'simulating',
      iterationsDone: 10,
      iterationsTotal: 100,
      shardsDone: 1,
      shardsTotal: 10,
      ...(etaSeconds !== undefined ? { etaSeconds } : {}),
    },
  };
}

describe('409 run-not-finished', () => {
  it('says when to ask again for a run in flight (its ETA, 1..60 s), and nothing for one that ended without a result', async () => {
    const { app, service } = await storedRunApp();
    const cases: [RunView['status'], number | undefined, string | null][] = [
      ['running', 12.2, '13'],
      ['running', 0.2, '1'],
      ['running', 3600, '60'],
      ['queued', undefined, '5'],
      ['failed', 12, null],
      ['cancelled', undefined, null],
    ];
    for (const [status, eta, retryAfter] of cases) {
      service.runs.set(pendingId, pendingRun(status, eta));
      for (const path of ['results', 'report', 'results.xlsx']) {
        const res = await app.request(`/v1/simulations/${pendingId}/${path}`);
        expect(res.status, `${status} ${path}`).toBe(409);
        expect(res.headers.get('retry-after'), `${status} ${eta} ${path}`).toBe(retryAfter);
        const body = await readJson(res);
        expect(body.type).toBe('urn:bedcast:problem:run-not-finished');
        if (retryAfter === null) expect(body.detail).toContain('will have no result');
      }
    }
  });

  it('documents Retry-After on the 409s of the results routes', async () => {
    const { app } = await storedRunApp();
    const doc = await readJson(await app.request('/openapi.json'));
    for (const path of ['/v1/simulations/{id}/results', '/v1/simulations/{id}/report']) {
      expect(doc.paths[path].get.responses['409'].headers['Retry-After'], path).toBeDefined();
    }
  });
});
