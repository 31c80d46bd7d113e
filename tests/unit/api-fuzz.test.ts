/**
 * A property-based fuzz over every route (fast-check): valid requests, and mutations of them with
 * wrong types, out-of-range values, extra keys, huge arrays, broken JSON, odd headers and random
 * paths. Whatever comes in: no 5xx; every error is problem+json whose status matches the
 * response; every success body matches the route's schema. The number of requests sent is
 * printed (RELIABILITY.md quotes it); FUZZ_RUNS scales it.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../api/app.js';
import { problemSchema } from '../../api/problem.js';
import { runResultSchema } from '../../api/result-schema.js';
import { runResourceSchema } from '../../api/run-resource.js';
import { savedScenarioSchema } from '../../api/scenarios/saved-scenario-schemas.js';
import { PRESETS } from '../../models/presets/index.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { runInProcess } from '../../models/run-document.js';
import { resultKey } from '../../store/run-keys.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { tempStore } from '../support/temp-store.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const stored = runInProcess({
  scenario: smallHospital.scenario,
  seed: 2,
  iterations: 8,
  source: { preset: 'small-hospital' },
});
const storedId = stored.result.runId;
const service = new FakeSimulationService();
const store = tempStore();
await store.put(resultKey(storedId), stored.bytes);
const app = createApp({ simulations: service, store });
// One saved scenario to read, revise and launch; the fuzz makes more.
const savedResponse = await app.request('/v1/scenarios', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ from: { preset: 'small-hospital' } }),
});
const savedId = ((await savedResponse.json()) as { id: string }).id;

const listSchema = z.object({
  runs: z.array(z.object({ id: z.string(), status: z.string(), links: z.object({ self: z.string() }) }).passthrough()),
  links: z.object({ self: z.string() }),
});
let requests = 0;
const statuses = new Map<number, number>();

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

async function send(call: Call): Promise<void> {
  requests++;
  const res = await app.request(call.path, {
    method: call.method,
    headers: call.headers,
    ...(call.body !== undefined ? { body: call.body } : {}),
  });
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const text = await res.text();
  const where = `${call.method} ${call.path} -> ${res.status}: ${text.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  const type = res.headers.get('content-type') ?? '';
  if (res.status >= 400) {
    expect(type, where).toContain('application/problem+json');
    const problem = problemSchema.parse(JSON.parse(text));
    expect(problem.status, where).toBe(res.status);
    return;
  }
  if (res.status === 304 || call.method === 'HEAD' || !type.includes('application/json')) return;
  const body = JSON.parse(text);
  const path = call.path.split('?')[0]!;
  if (/^\/v1\/simulations\/[^/]+$/.test(path)) expect(runResourceSchema.safeParse(body).success, where).toBe(true);
  else if (path === '/v1/simulations' && call.method === 'POST')
    expect(runResourceSchema.safeParse(body).success, where).toBe(true);
  else if (path === '/v1/simulations') expect(listSchema.safeParse(body).success, where).toBe(true);
  else if (/\/results$/.test(path)) expect(runResultSchema.safeParse(body).success, where).toBe(true);
  else if (
    /^\/v1\/scenarios\/[^/]+(\/revisions\/[^/]+)?$/.test(path) ||
    (path === '/v1/scenarios' && call.method === 'POST')
  )
    expect(savedScenarioSchema.safeParse(body).success, where).toBe(true);
}

// --- generators ---------------------------------------------------------------------------

const presetId = fc.constantFrom(...PRESETS.map((p) => p.id), 'no-such-preset', '', '../etc');
const optionIds = fc.array(
  fc.constantFrom('do-nothing', 'admission-avoidance', 'shorter-stays', 'all-levers', 'x', ''),
  { maxLength: 4 },
);
const validRequest = fc.record(
  {
    preset: presetId,
    options: optionIds,
    iterations: fc.integer({ min: 1, max: 100_000 }),
    seed: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    overrides: fc.dictionary(
      fc.constantFrom(
        '/bedPolicy/targetOccupancy',
        '/bedPolicy/riskTarget',
        '/years/0',
        '/sites/0/beds',
        '/nope',
        '/streams/0/losMeanDays/p10',
      ),
      fc.oneof(fc.double({ noNaN: false }), fc.integer(), fc.string(), fc.constant(null)),
      { maxKeys: 3 },
    ),
  },
  { requiredKeys: ['preset'] },
);

/** The small preset's scenario with one value somewhere replaced, removed, or joined by a stranger. */
const mutatedScenario = fc
  .tuple(fc.nat(), fc.constantFrom('replace', 'delete', 'add'), fc.jsonValue({ maxDepth: 2 }))
  .map(([pick, how, value]) => {
    const scenario = structuredClone(smallHospital.scenario) as unknown;
    const paths: (string | number)[][] = [];
    const walk = (node: unknown, at: (string | number)[]) => {
      if (node === null || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) {
        const key = Array.isArray(node) ? Number(k) : k;
        paths.push([...at, key]);
        walk(v, [...at, key]);
      }
    };
    walk(scenario, []);
    const path = paths[pick % paths.length]!;
    let parent = scenario as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const last = path.at(-1)!;
    if (how === 'replace') parent[last] = value;
    else if (how === 'delete') delete parent[last];
    else parent[`extra${String(last)}`] = value;
    return { scenario, iterations: 10 };
  });

const hugeArray = fc
  .integer({ min: 1000, max: 20_000 })
  .map((n) => ({ preset: 'small-hospital', options: Array.from({ length: n }, (_, i) => `o${i}`) }));
const anyJson = fc.jsonValue({ maxDepth: 3 });
const requestBody = fc.oneof(
  validRequest.map((r) => JSON.stringify(r)),
  mutatedScenario.map((r) => JSON.stringify(r)),
  fc.tuple(validRequest, fc.string(), anyJson).map(([r, k, v]) => JSON.stringify({ ...r, [k || 'x']: v })),
  validRequest.chain((r) =>
    fc.constantFrom(...Object.keys(r)).chain((k) => anyJson.map((v) => JSON.stringify({ ...r, [k]: v }))),
  ),
  hugeArray.map((r) => JSON.stringify(r)),
  anyJson.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  validRequest.map((r) => JSON.stringify(r).slice(0, -3)),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/problem+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  '',
  'application/json;;;',
);
const idempotencyKey = fc.option(fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('key-1', 'key-2')), {
  nil: undefined,
});
const runId = fc.oneof(
  fc.constant(storedId),
  fc.constant('sim-000000000000000000000000'),
  fc.string({ maxLength: 80 }).map(encodeURIComponent),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 24, maxLength: 24 }).map((h) => `sim-${h}`),
);
const queryValue = fc.oneof(
  fc.constantFrom(
    'system',
    'dgh',
    'do-nothing',
    '2027/28',
    'bedsRequired',
    'csv',
    'json',
    'running',
    'succeeded',
    '',
    '-1',
    '1000',
    'small-hospital',
  ),
  fc.string({ maxLength: 40 }),
);
const query = fc
  .dictionary(
    fc.constantFrom(
      'format',
      'scope',
      'site',
      'option',
      'year',
      'metric',
      'status',
      'scenario',
      'limit',
      'cursor',
      'junk',
    ),
    queryValue,
    { maxKeys: 4 },
  )
  .map((q) => (Object.keys(q).length ? `?${new URLSearchParams(q).toString()}` : ''));
const accept = fc.constantFrom(
  'application/json',
  'text/csv',
  'text/csv;q=0.5, application/json',
  '*/*',
  'image/png',
  'text/*',
  '',
);

const scenarioId = fc.oneof(
  fc.constant(savedId),
  fc.constant('scn-0000000000000000'),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
);
const scenarioBody = fc.oneof(
  fc
    .record(
      {
        from: fc.oneof(
          presetId.map((preset) => ({ preset })),
          runId.map((run) => ({ run })),
          fc.record({ id: scenarioId, revision: fc.integer({ min: -1, max: 3 }) }).map((scenario) => ({ scenario })),
        ),
        overrides: validRequest.map((r) => r.overrides ?? {}),
        notes: fc.dictionary(
          fc.constantFrom('/bedPolicy/targetOccupancy', '/nope', 'not-a-pointer', '/sites/0'),
          fc.oneof(fc.string({ maxLength: 50 }), fc.integer()),
          { maxKeys: 2 },
        ),
      },
      { requiredKeys: ['from'] },
    )
    .map((r) => JSON.stringify(r)),
  mutatedScenario.map(({ scenario }) => JSON.stringify({ scenario })),
  mutatedScenario.map(({ scenario }) => JSON.stringify({ overrides: { '/bedPolicy/riskTarget': 0.02 }, scenario })),
  anyJson.map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 100 }),
);
const ifMatch = fc.option(fc.oneof(fc.constantFrom('*', `"${savedId}.1"`, '"x"'), fc.string({ maxLength: 40 })), {
  nil: undefined,
});

const call: fc.Arbitrary<Call> = fc.oneof(
  fc.record({ body: scenarioBody, type: contentType }).map(({ body, type }) => ({
    method: 'POST',
    path: '/v1/scenarios',
    headers: { ...(type ? { 'content-type': type } : {}) },
    body,
  })),
  fc.record({ id: scenarioId, body: scenarioBody, match: ifMatch }).map(({ id, body, match }) => ({
    method: 'PUT',
    path: `/v1/scenarios/${id}`,
    headers: { 'content-type': 'application/json', ...(match !== undefined ? { 'if-match': match } : {}) },
    body,
  })),
  fc
    .tuple(scenarioId, fc.constantFrom('', '/revisions/1', '/revisions/2', '/revisions/0', '/revisions/x'))
    .map(([id, sub]) => ({
      method: 'GET',
      path: sub === '' && id === '' ? '/v1/scenarios' : `/v1/scenarios/${id}${sub}`,
      headers: {},
    })),
  fc
    .record({ id: scenarioId, revision: fc.option(fc.integer({ min: -1, max: 3 }), { nil: undefined }) })
    .map((savedScenario) => ({
      method: 'POST',
      path: '/v1/simulations',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ savedScenario, iterations: 5 }),
    })),
  fc.record({ body: requestBody, type: contentType, key: idempotencyKey }).map(({ body, type, key }) => ({
    method: 'POST',
    path: '/v1/simulations',
    headers: { ...(type ? { 'content-type': type } : {}), ...(key !== undefined ? { 'idempotency-key': key } : {}) },
    body,
  })),
  fc
    .tuple(
      runId,
      fc.constantFrom('', '/results', '/scenario'),
      query,
      accept,
      fc.option(fc.constantFrom(`"${stored.sha256}"`, '*', '"x"', 'W/"y"'), { nil: undefined }),
    )
    .map(([id, sub, q, a, inm]) => ({
      method: 'GET',
      path: `/v1/simulations/${id}${sub}${q}`,
      headers: { ...(a ? { accept: a } : {}), ...(inm ? { 'if-none-match': inm } : {}) },
    })),
  query.map((q) => ({ method: 'GET', path: `/v1/simulations${q}`, headers: {} })),
  runId.map((id) => ({ method: 'DELETE', path: `/v1/simulations/${id}`, headers: {} })),
  fc
    .tuple(
      fc.constantFrom('/v1/presets', '/v1/presets/sel-stp-2016', '/v1/presets/small-hospital'),
      fc.string({ maxLength: 30 }).map(encodeURIComponent),
    )
    .map(([p, junk]) => ({ method: 'GET', path: junk && p.endsWith('presets') ? `${p}/${junk}` : p, headers: {} })),
  fc
    .tuple(
      fc.constantFrom('GET', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS'),
      fc.constantFrom('/', '/health', '/ready', '/openapi.json', '/docs', '/v1', '/v1/simulations', '/v1/nope'),
      fc.string({ maxLength: 20 }).map(encodeURIComponent),
    )
    .map(([method, p, junk]) => ({
      method,
      path: `${p}${junk ? `/${junk}` : ''}`,
      headers: { 'content-type': 'application/json' },
      ...(method === 'GET' || method === 'OPTIONS' ? {} : { body: '{}' }),
    })),
);

describe('API fuzz: any request, no server error, every answer well formed', () => {
  afterAll(() => {
    console.log(
      `API fuzz: ${requests} requests; statuses ${[...statuses.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}x${n}`)
        .join(' ')}`,
    );
  });

  it('holds for generated requests over every route', async () => {
    await fc.assert(fc.asyncProperty(call, send), { numRuns: RUNS * 6 });
  }, 300_000);

  it('holds for launches in particular, valid and mutated', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          validRequest.map((r) => JSON.stringify(r)),
          mutatedScenario.map((r) => JSON.stringify(r)),
        ),
        (body) =>
          send({ method: 'POST', path: '/v1/simulations', headers: { 'content-type': 'application/json' }, body }),
      ),
      { numRuns: RUNS * 2 },
    );
    // Some launches did succeed, so the success path was checked as well as the errors.
    expect(statuses.get(202) ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
