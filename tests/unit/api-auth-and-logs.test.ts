import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { parseApiTokens } from '../../api/bearer-auth.js';
import { loadConfig } from '../../bin/config.js';
const SMALL = { preset: 'small-hospital' } as const;
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { tempStore } from '../support/temp-store.js';
import { readJson } from '../support/read-json.js';

const FULL = 'bsk_full_3f9a7c';
const READ = 'bsk_read_81d2e4';

function setup() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const app = createApp({
    simulations: new FakeSimulationService(),
    store: tempStore(),
    tokens: parseApiTokens(`${FULL}, ${READ}:read`),
    logger: pino(sink),
  });
  return { app, lines };
}

const launch = (token?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify({ ...SMALL, seed: 1 }),
});

describe('bearer-token authentication (API_TOKENS)', () => {
  it('asks for a token with 401 problem+json and a Bearer challenge', async () => {
    const { app } = setup();
    const res = await app.request('/v1/presets');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="bedcast"/);
    expect((await readJson(res)).type).toBe('urn:bedcast:problem:unauthorized');
  });

  it('refuses an unknown token with 401 and invalid_token', async () => {
    const { app } = setup();
    const res = await app.request('/v1/presets', { headers: { authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
  });

  it('lets a read-only token read but not launch (403)', async () => {
    const { app } = setup();
    expect((await app.request('/v1/presets', { headers: { authorization: `Bearer ${READ}` } })).status).toBe(200);
    const res = await app.request('/v1/simulations', launch(READ));
    expect(res.status).toBe(403);
    expect((await readJson(res)).type).toBe('urn:bedcast:problem:forbidden');
  });

  it('lets a full token launch', async () => {
    const { app } = setup();
    expect((await app.request('/v1/simulations', launch(FULL))).status).toBe(202);
  });

  it('leaves health, readiness and the OpenAPI document open', async () => {
    const { app } = setup();
    for (const path of ['/health', '/ready', '/openapi.json']) expect((await app.request(path)).status).toBe(200);
  });
});

describe('structured logs', () => {
  it('log every request as JSON with its request id and run id, and never a token', async () => {
    const { app, lines } = setup();
    const res = await app.request('/v1/simulations', launch(FULL));
    await app.request('/v1/presets', { headers: { authorization: 'Bearer wrong-token-value' } });
    const logs = lines.map((l) => JSON.parse(l));
    const launched = logs.find((l) => l.path === '/v1/simulations');
    expect(launched).toMatchObject({
      msg: 'request',
      method: 'POST',
      status: 202,
      requestId: res.headers.get('x-request-id'),
    });
    expect(launched.runId).toBe((await readJson(res)).id);
    expect(logs.find((l) => l.path === '/v1/presets')).toMatchObject({ status: 401 });
    const all = lines.join('\n');
    for (const secret of [FULL, READ, 'wrong-token-value']) expect(all).not.toContain(secret);
  });

  it('a bad log level is named in the configuration error', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL="loud"/);
  });
});
