/**
 * The API contract a report generator relies on (issue 19, item 6): Retry-After where a client
 * should wait, one name per concept, one error pointer style, documented fields, named
 * components whose examples validate, a body limit that fits the largest valid scenario, and
 * provenance in the CSV. Through app.request() against an app with one stored run.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { MAX_SCENARIO_BYTES, scenarioSchema } from '../../models/scenario.js';
import { MAX_BODY_BYTES } from '../../api/app.js';
import { runResultSchema } from '../../api/result-schema.js';
import type { RunView } from '../../api/simulation-service.js';
import { canonicalJson } from '../../models/canonical-json.js';
import type { RunResult } from '../../models/run-result.js';
import { resultKey } from '../../store/run-keys.js';
import { largeScenario } from '../support/large-scenario.js';
import { parseCsv } from '../support/parse-csv.js';
import { readJson } from '../support/read-json.js';
import { storedDocument, storedRunApp, storedRunId } from '../support/stored-run-app.js';

const pendingId = 'sim-0123456789abcdef01234567';

interface JsonSchema {
  description?: string;
  $ref?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** Every property under `schema` (through $refs, arrays and unions) without a description, by path. */
function undescribedFields(
  schemas: Record<string, JsonSchema>,
  schema: JsonSchema | undefined,
  at: string,
  found: string[],
  seen = new Set<string>(),
): void {
  if (!schema) return;
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    if (seen.has(name)) return;
    seen.add(name);
    undescribedFields(schemas, schemas[name], `${at}(${name})`, found, seen);
    return;
  }
  for (const part of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
    undescribedFields(schemas, part, at, found, seen);
  if (schema.items) undescribedFields(schemas, schema.items, `${at}[]`, found, seen);
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (!property.description && !property.$ref) found.push(`${at}.${key}`);
    undescribedFields(schemas, property, `${at}.${key}`, found, seen);
  }
}

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

/** Every schema in the OpenAPI document that carries examples, with its JSON pointer, and media types' and parameters' single example. */
function examplesIn(node: unknown, pointer = ''): { pointer: string; schemaPointer: string; example: unknown }[] {
  if (node === null || typeof node !== 'object') return [];
  const found: { pointer: string; schemaPointer: string; example: unknown }[] = [];
  const record = node as Record<string, unknown>;
  const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
  // A schema's `examples` is an array of instances (JSON Schema 2020-12); a media type's or a
  // parameter's `example` is one instance of its `schema`.
  if (Array.isArray(record.examples) && !('schema' in record))
    for (const example of record.examples) found.push({ pointer, schemaPointer: pointer, example });
  if ('example' in record && 'schema' in record)
    found.push({ pointer: `${pointer}/example`, schemaPointer: `${pointer}/schema`, example: record.example });
  if ('examples' in record && 'schema' in record && record.examples && typeof record.examples === 'object')
    for (const [name, ex] of Object.entries(record.examples as Record<string, { value?: unknown }>))
      found.push({
        pointer: `${pointer}/examples/${escape(name)}`,
        schemaPointer: `${pointer}/schema`,
        example: ex.value,
      });
  for (const [key, value] of Object.entries(record)) found.push(...examplesIn(value, `${pointer}/${escape(key)}`));
  return found;
}

describe('the OpenAPI document', () => {
  it('has examples, and every one validates against the schema it illustrates', async () => {
    const { app } = await storedRunApp();
    const doc = await readJson(await app.request('/openapi.json'));
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(doc, 'openapi');
    const examples = examplesIn(doc);
    expect(examples.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const { pointer, schemaPointer, example } of examples) {
      const fragment = schemaPointer.split('/').map(encodeURIComponent).join('/');
      const validate = ajv.getSchema(`openapi#${fragment}`);
      if (!validate) throw new Error(`no schema at ${schemaPointer}`);
      if (!validate(example))
        failures.push(`${pointer} ${JSON.stringify(example)}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(failures).toEqual([]);
  });

  it("quotes, in a patterned string's description, only examples its pattern accepts (the segment's did not)", async () => {
    const { app } = await storedRunApp();
    const doc = await readJson(await app.request('/openapi.json'));
    const refused: string[] = [];
    const walk = (node: unknown, pointer: string) => {
      if (node === null || typeof node !== 'object') return;
      const schema = node as { pattern?: string; description?: string };
      if (typeof schema.pattern === 'string' && typeof schema.description === 'string') {
        for (const [, quoted] of schema.description.matchAll(/e\.g\. "([^"]+)"/g))
          if (!new RegExp(schema.pattern, 'u').test(quoted!)) refused.push(`${pointer}: "${quoted}"`);
      }
      for (const [key, value] of Object.entries(node)) walk(value, `${pointer}/${key}`);
    };
    walk(doc, '');
    expect(refused).toEqual([]);
    const segment = scenarioSchema.shape.streams.element.shape.segment;
    expect(segment.safeParse('ltc-3-plus').success).toBe(true);
    expect(segment.safeParse('3+ long-term conditions').success).toBe(false);
  });
});

describe('problem errors', () => {
  const json = { 'content-type': 'application/json' };
  it('say where by one convention: pointer into the JSON body, parameter for a query or path parameter, header for a header', async () => {
    const { app } = await storedRunApp();
    const errorsOf = async (path: string, init?: RequestInit) => (await readJson(await app.request(path, init))).errors;
    // Query parameters, whether zod or the handler refuses them.
    expect(await errorsOf('/v1/simulations?limit=0')).toEqual([{ parameter: 'limit', detail: expect.any(String) }]);
    expect(await errorsOf(`/v1/simulations/${storedRunId}/results?format=xml`)).toEqual([
      { parameter: 'format', detail: expect.any(String) },
    ]);
    expect(await errorsOf(`/v1/simulations/${storedRunId}/results?year=1999/00`)).toEqual([
      { parameter: 'year', detail: expect.stringContaining('is not one of') },
    ]);
    expect(await errorsOf(`/v1/simulations/${storedRunId}/charts/beds.svg?option=nope`)).toEqual([
      { parameter: 'option', detail: expect.stringContaining('is not one of') },
    ]);
    // A header.
    expect(
      await errorsOf('/v1/simulations', {
        method: 'POST',
        headers: { ...json, 'idempotency-key': 'é' },
        body: JSON.stringify({ preset: 'small-hospital' }),
      }),
    ).toEqual([{ header: 'idempotency-key', detail: expect.any(String) }]);
    // The body: a JSON pointer, no "#".
    const body = await errorsOf('/v1/simulations', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ preset: 'small-hospital', iterations: -1 }),
    });
    expect(body).toEqual([{ pointer: '/iterations', detail: expect.any(String) }]);
  });

  it('are documented as ProblemError, with pointer, parameter and header described', async () => {
    const { app } = await storedRunApp();
    const doc = await readJson(await app.request('/openapi.json'));
    const error = doc.components.schemas.ProblemError;
    for (const key of ['pointer', 'parameter', 'header', 'detail'])
      expect(error.properties[key].description, key).toEqual(expect.any(String));
    expect(JSON.stringify(doc)).not.toMatch(/#\/(query|headers|path)\//);
  });
});

describe('one name per concept', () => {
  const oldId = 'sim-00000000000000000000000a';
  /** The stored run's result as model 0.4.0 stored it: schemaVersion 2, a bridge step's median named median. */
  function asStoredUnder2(result: RunResult): Uint8Array {
    const old = {
      ...result,
      schemaVersion: 2,
      runId: oldId,
      bridges: result.bridges.map((b) => ({
        ...b,
        steps: b.steps.map(({ p50, ...rest }) => ({ ...rest, median: p50 })),
      })),
    };
    return new TextEncoder().encode(canonicalJson(old));
  }

  it('names the scope scope and the bridge median p50 in JSON and CSV alike', async () => {
    const { app } = await storedRunApp();
    const json = await readJson(await app.request(`/v1/simulations/${storedRunId}/results`));
    expect(json.schemaVersion).toBe(3);
    expect(json.modelVersion).toBe('0.5.0');
    expect(json.bridges[0].steps[0]).toEqual({
      step: expect.any(String),
      kind: 'start',
      p10: expect.any(Number),
      p50: expect.any(Number),
      p90: expect.any(Number),
    });
    const csv = parseCsv(await (await app.request(`/v1/simulations/${storedRunId}/results?format=csv`)).text());
    expect(csv[0]).toEqual([
      'option',
      'scope',
      'year',
      'metric',
      'method',
      'statistic',
      'value',
      'optionName',
      'scopeName',
    ]);
    const bridgeStats = new Set(csv.filter((r) => r[3]!.startsWith('bridge:')).map((r) => r[5]));
    expect(bridgeStats).toEqual(new Set(['p10', 'p50', 'p90']));
    const wide = parseCsv(
      await (await app.request(`/v1/simulations/${storedRunId}/results?format=csv&layout=wide`)).text(),
    );
    expect(wide[0]!.slice(0, 4)).toEqual(['option', 'optionName', 'scope', 'scopeName']);
    const doc = await readJson(await app.request('/openapi.json'));
    const params = doc.paths['/v1/simulations/{id}/results'].get.parameters;
    expect(params.find((p: { name: string }) => p.name === 'scope').deprecated).toBeUndefined();
    expect(params.find((p: { name: string }) => p.name === 'site').deprecated).toBe(true);
  });

  it('filters by ?scope=, and still by ?site= for one release, saying it is deprecated', async () => {
    const { app } = await storedRunApp();
    for (const view of ['results', 'results?format=csv']) {
      const join = view.includes('?') ? '&' : '?';
      const byScope = await app.request(`/v1/simulations/${storedRunId}/${view}${join}scope=system`);
      expect(byScope.status).toBe(200);
      expect(byScope.headers.get('deprecation')).toBeNull();
      const bySite = await app.request(`/v1/simulations/${storedRunId}/${view}${join}site=system`);
      expect(bySite.status).toBe(200);
      expect(bySite.headers.get('deprecation')).toMatch(/^@\d+$/);
      expect(bySite.headers.get('link')).toContain('rel="deprecation"');
      const scoped = await byScope.text();
      expect(await bySite.text()).toBe(scoped);
      if (view === 'results') {
        const cells = (JSON.parse(scoped) as RunResult).cells;
        expect(cells.length).toBeGreaterThan(0);
        expect(new Set(cells.map((x) => x.scope))).toEqual(new Set(['system']));
      } else {
        const rows = parseCsv(scoped).slice(1);
        expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['system']));
      }
    }
    const chart = await app.request(`/v1/simulations/${storedRunId}/charts/beds.svg?site=dgh`);
    expect(chart.status).toBe(200);
    expect(chart.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(await chart.text()).toBe(
      await (await app.request(`/v1/simulations/${storedRunId}/charts/beds.svg?scope=dgh`)).text(),
    );
    const both = await app.request(`/v1/simulations/${storedRunId}/results?scope=system&site=dgh`);
    expect(both.status).toBe(422);
    expect((await readJson(both)).errors).toEqual([{ parameter: 'site', detail: expect.stringContaining('scope') }]);
  });

  it('lists runs with createdAt and finishedAt, as the run resource names them (startedAt, closedAt deprecated)', async () => {
    const { app, service } = await storedRunApp();
    service.runs.set(pendingId, pendingRun('running', 10));
    const list = await readJson(await app.request('/v1/simulations'));
    expect(list.runs[0]).toMatchObject({ createdAt: new Date(0).toISOString(), startedAt: new Date(0).toISOString() });
    const doc = await readJson(await app.request('/openapi.json'));
    const item =
      doc.paths['/v1/simulations'].get.responses['200'].content['application/json'].schema.properties.runs.items;
    const run = doc.components.schemas.Run;
    for (const key of ['createdAt', 'finishedAt']) {
      expect(item.properties[key], key).toBeDefined();
      expect(run.properties[key], key).toBeDefined();
    }
    expect(item.properties.startedAt.deprecated).toBe(true);
    expect(item.properties.closedAt.deprecated).toBe(true);
  });

  it('still reads a result stored under schemaVersion 2: served as stored, its CSV and report as today', async () => {
    const { app, store } = await storedRunApp();
    const bytes = asStoredUnder2(storedDocument.result);
    await store.put(resultKey(oldId), bytes);
    const served = await app.request(`/v1/simulations/${oldId}/results`);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    runResultSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
    const oldCsv = await (await app.request(`/v1/simulations/${oldId}/results?format=csv`)).text();
    const newCsv = await (await app.request(`/v1/simulations/${storedRunId}/results?format=csv`)).text();
    expect(oldCsv).toBe(newCsv);
    const report = await app.request(`/v1/simulations/${oldId}/report`);
    expect(report.status).toBe(200);
    expect(await report.text()).not.toContain('NaN');
  });
});

describe('size limits', () => {
  const launch = (app: Awaited<ReturnType<typeof storedRunApp>>['app'], body: string) =>
    app.request('/v1/simulations', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('accepts the largest valid scenario: one just under the 1 MiB scenario cap, in a body the limit admits', async () => {
    const { app, service } = await storedRunApp();
    const scenario = largeScenario(MAX_SCENARIO_BYTES - 4_000);
    const size = JSON.stringify(scenarioSchema.parse(scenario)).length;
    expect(size).toBeGreaterThan(MAX_SCENARIO_BYTES - 8_000);
    expect(size).toBeLessThanOrEqual(MAX_SCENARIO_BYTES);
    const res = await launch(app, JSON.stringify({ scenario, iterations: 10, seed: 1 }));
    expect(res.status, JSON.stringify((await readJson(res.clone())).errors?.slice(0, 2))).toBe(202);
    expect(service.started).toHaveLength(1);
  });

  it('refuses a scenario over the cap with a 422 naming it and the limit, and a body over 2 MiB with a 413 saying both limits', async () => {
    const { app, service } = await storedRunApp();
    const scenario = largeScenario(MAX_SCENARIO_BYTES + 20_000);
    const over = await launch(app, JSON.stringify({ scenario, iterations: 10, seed: 1 }));
    expect(over.status).toBe(422);
    const problem = await readJson(over);
    expect(problem.errors).toEqual([{ pointer: '/scenario', detail: expect.stringContaining('1,048,576 bytes') }]);
    const huge = await launch(app, JSON.stringify({ scenario: largeScenario(MAX_BODY_BYTES + 50_000) }));
    expect(huge.status).toBe(413);
    const tooLarge = await readJson(huge);
    expect(tooLarge.detail).toContain('2,097,152 bytes');
    expect(tooLarge.detail).toContain('1,048,576');
    expect(service.started).toHaveLength(0);
  });

  it('documents both limits in the OpenAPI document', async () => {
    const { app } = await storedRunApp();
    const doc = await readJson(await app.request('/openapi.json'));
    const post = doc.paths['/v1/simulations'].post;
    expect(post.responses['413'].description).toContain('2 MiB');
    expect(JSON.stringify(post.requestBody)).toContain('1 MiB');
  });
});

describe('named components', () => {
  it('has the scenario and the result as components Scenario and RunResult, referred to where used, each example valid by its zod schema', async () => {
    const { app } = await storedRunApp();
    const doc = await readJson(await app.request('/openapi.json'));
    const { Scenario, RunResult } = doc.components.schemas;
    expect(Scenario.examples.length).toBeGreaterThan(0);
    expect(RunResult.examples.length).toBeGreaterThan(0);
    for (const example of Scenario.examples) expect(scenarioSchema.safeParse(example).error).toBeUndefined();
    for (const example of RunResult.examples) expect(runResultSchema.safeParse(example).error).toBeUndefined();
    // The result response refers to the component rather than inlining a copy.
    expect(JSON.stringify(doc.paths['/v1/simulations/{id}/results'].get.responses['200'])).toContain(
      '#/components/schemas/RunResult',
    );
    // So do the request bodies that take a whole scenario: launch, save, revise.
    const bodyScenario = (path: string, method: string) =>
      doc.paths[path][method].requestBody.content['application/json'].schema.properties.scenario;
    for (const [path, method] of [
      ['/v1/simulations', 'post'],
      ['/v1/scenarios', 'post'],
      ['/v1/scenarios/{id}', 'put'],
    ] as const)
      expect(bodyScenario(path, method), `${method} ${path}`).toEqual({ $ref: '#/components/schemas/Scenario' });
  });
});

describe('field descriptions', () => {
  it('describe the gap as its own figure, in beds with its sign, and every field of the scenario, the result and the run resource', async () => {
    const { app } = await storedRunApp();
    const { schemas } = (await readJson(await app.request('/openapi.json'))).components;
    const gap = schemas.ResultCell.properties.gap;
    const required = schemas.ResultCell.properties.bedsRequired;
    expect(gap.description).toMatch(/in beds.*minus capacity.*positive = short/);
    for (const method of ['occupancy', 'risk']) {
      expect(gap.properties[method].description).toContain('minus capacity');
      expect(gap.properties[method].description).not.toBe(required.properties[method].description);
    }
    // Every field of the run resource, the result and the scenario, all the way down (components they refer to too).
    const undescribed = Object.entries(schemas.ResultCell.properties as Record<string, JsonSchema>)
      .filter(([, p]) => !p.description && !p.$ref)
      .map(([key]) => `ResultCell.${key}`);
    undescribedFields(schemas, schemas.Run, 'Run', undescribed);
    undescribedFields(schemas, schemas.RunResult, 'RunResult', undescribed);
    undescribedFields(schemas, schemas.Scenario, 'Scenario', undescribed);
    expect(undescribed).toEqual([]);
  });
});

describe('CSV provenance', () => {
  it('links a CSV, long or wide, to the run resource and the scenario as run, with no rows added', async () => {
    const { app } = await storedRunApp();
    for (const layout of ['', '&layout=wide']) {
      const csv = await app.request(`/v1/simulations/${storedRunId}/results?format=csv${layout}`);
      expect(csv.status).toBe(200);
      const links = [...(csv.headers.get('link') ?? '').matchAll(/<([^>]+)>;\s*rel="([^"]+)"/g)].map((m) => ({
        href: m[1]!,
        rel: m[2]!,
      }));
      expect(links).toEqual([
        { href: `/v1/simulations/${storedRunId}`, rel: 'describedby' },
        { href: `/v1/simulations/${storedRunId}/scenario`, rel: 'related' },
      ]);
      // The first line is still the header a plain CSV reader expects.
      const text = (await csv.text()).replace(/^\uFEFF/, '');
      expect(text.split('\r\n')[0]).toMatch(/^option,(optionName,)?scope,/);
      // What the links name is the provenance: the scenario the figures were computed from.
      const scenario = await app.request(links[1]!.href);
      expect(scenario.status).toBe(200);
      expect(JSON.stringify(await scenario.json())).toContain(storedDocument.result.scenario.name);
    }
    const json = await app.request(`/v1/simulations/${storedRunId}/results`);
    expect(json.headers.get('link')).toBeNull();
  });
});
