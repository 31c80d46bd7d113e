import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
const SMALL = { preset: 'small-hospital' } as const;
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { readJson } from '../support/read-json.js';
import { tempStore } from '../support/temp-store.js';

function setup() {
  const service = new FakeSimulationService();
  return { service, app: createApp({ simulations: service, store: tempStore() }) };
}

const post = (body: unknown, key?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(key !== undefined ? { 'idempotency-key': key } : {}) },
  body: JSON.stringify(body),
});

describe('Idempotency-Key', () => {
  it('gives the same run and the same 202 for the same key and body, even with a generated seed', async () => {
    const { app } = setup();
    const first = await app.request('/v1/simulations', post(SMALL, 'order-42'));
    const again = await app.request('/v1/simulations', post(SMALL, 'order-42'));
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    const [a, b] = [await readJson(first), await readJson(again)];
    expect(b.id).toBe(a.id);
    expect(b.seed).toBe(a.seed);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    // Without a key, an omitted seed is drawn afresh: a different run.
    const unkeyed = await readJson(await app.request('/v1/simulations', post(SMALL)));
    expect(unkeyed.id).not.toBe(a.id);
  });

  it('refuses the same key with a different body (422), starting nothing', async () => {
    const { app, service } = setup();
    await app.request('/v1/simulations', post({ ...SMALL, iterations: 100 }, 'k-1'));
    const res = await app.request('/v1/simulations', post({ ...SMALL, iterations: 200 }, 'k-1'));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await readJson(res)).type).toBe('urn:bedcast:problem:idempotency-key-reused');
    expect(service.started).toHaveLength(1);
  });

  it('agrees on one run when first requests with a key arrive at once', async () => {
    const { app } = setup();
    const answers = await Promise.all(
      Array.from({ length: 8 }, async () => app.request('/v1/simulations', post(SMALL, 'burst'))),
    );
    const ids = new Set(await Promise.all(answers.map(async (r) => (await readJson(r)).id)));
    expect(answers.every((r) => r.status === 202)).toBe(true);
    expect(ids.size).toBe(1);
  });

  it('rejects a malformed key with 400 naming the header', async () => {
    const { app } = setup();
    const res = await app.request('/v1/simulations', post(SMALL, 'has space'));
    expect(res.status).toBe(400);
    expect((await readJson(res)).errors[0]).toMatchObject({ header: 'idempotency-key' });
  });

  it('readiness names the result store too', async () => {
    const { app } = setup();
    const body = await readJson(await app.request('/ready'));
    expect(body.dependencies).toEqual({ temporal: 'up', resultStore: 'up' });
  });
});
