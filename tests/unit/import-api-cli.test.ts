import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { main as bedcast } from '../../bin/bedcast.js';
import { importScenario } from '../../models/import/import-scenario.js';
import { scenarioSchema } from '../../models/scenario.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { readJson } from '../support/read-json.js';
import { tempStore } from '../support/temp-store.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/import/kh03-small.csv', import.meta.url));
const KH03 = readFileSync(FIXTURE, 'utf8');
const app = createApp({ simulations: new FakeSimulationService(), store: tempStore() });
const post = (body: unknown, type = 'application/json') =>
  app.request('/v1/scenarios:import', {
    method: 'POST',
    headers: { 'content-type': type },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /v1/scenarios:import', () => {
  it('returns the scenario the importer builds, validated, with its sources and notes', async () => {
    const res = await post({ beds: KH03, trusts: ['AAA', 'BBB'], baseYear: '2018-19', quarters: ['Q1', 'Q2', 'Q3'] });
    expect(res.status).toBe(200);
    const body = await readJson(res);
    const local = importScenario({
      beds: KH03,
      bedsFile: 'beds',
      trusts: ['AAA', 'BBB'],
      baseYear: '2018-19',
      quarters: ['Q1', 'Q2', 'Q3'],
    });
    expect(body.scenario).toEqual(scenarioSchema.parse(local.scenario));
    expect(body.sources).toEqual(local.sources);
    expect(body.notes.join(' ')).toContain('Q1, Q2, Q3');
    // What it returns launches as an inline scenario.
    expect(scenarioSchema.safeParse(body.scenario).success).toBe(true);
  });

  it('answers a bad table with 422 problem+json naming the field, row and column', async () => {
    const beds = KH03.replace('2018-19 Q2,815.0,722.3', '2018-19 Q2,815.0,x');
    expect(beds).not.toBe(KH03);
    const res = await post({ beds });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await readJson(res);
    expect(body.errors).toEqual([
      { pointer: '/beds', detail: 'row 3, column ga_beds_occupied: expected a number, got "x"' },
    ]);
  });

  it('names unknown trusts and bad overrides at their fields', async () => {
    const res = await post({ beds: KH03, baseYear: '2018-19', trusts: ['ZZZ'] });
    expect(res.status).toBe(422);
    expect((await readJson(res)).errors).toEqual([
      { pointer: '/trusts', detail: 'ZZZ is not in the beds table for 2018-19' },
    ]);
    const bad = await readJson(await post({ beds: KH03, overrides: { '/bedPolicy/targetOccupancy': 3 } }));
    expect(bad.errors[0].pointer).toBe('/overrides');
    const shape = await post({ beds: KH03, quarters: 'Q1' });
    expect(shape.status).toBe(422);
    expect((await readJson(shape)).errors[0].pointer).toBe('/quarters');
  });

  it('takes JSON only, and POST only', async () => {
    expect((await post(KH03, 'text/csv')).status).toBe(415);
    const get = await app.request('/v1/scenarios:import');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('is in the OpenAPI document', async () => {
    const doc = await readJson(await app.request('/openapi.json'));
    expect(
      doc.paths['/v1/scenarios:import'].post.requestBody.content['application/json'].schema.properties.beds,
    ).toBeDefined();
  });
});

describe('bedcast import', () => {
  function capture() {
    let text = '';
    return {
      out: { write: (s: string) => ((text += s), true), isTTY: false } as unknown as NodeJS.WriteStream,
      text: () => text,
    };
  }

  it('imports locally, without the API, with the same result as the route', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-import-'));
    const overrides = path.join(dir, 'overrides.json');
    writeFileSync(overrides, JSON.stringify({ '/demandVariation/sdPerYear': 0.03 }));
    const c = capture();
    const code = await bedcast(
      [
        'import',
        '--beds',
        FIXTURE,
        '--trust',
        'AAA,BBB',
        '--base-year',
        '2018-19',
        '--horizon',
        '3',
        '--overrides',
        overrides,
        '--set',
        '/bedPolicy/targetOccupancy=0.9',
      ],
      { BEDCAST_API_URL: 'http://127.0.0.1:9' },
      c.out,
    );
    expect(code).toBe(0);
    const result = JSON.parse(c.text());
    expect(result.scenario.sites.map((s: { id: string }) => s.id)).toEqual(['AAA', 'BBB']);
    expect(result.scenario.years).toHaveLength(4);
    expect(result.scenario.demandVariation).toEqual({ sdPerYear: 0.03 });
    expect(result.scenario.bedPolicy.targetOccupancy).toBe(0.9);
  });

  it('fails with exit code 2 naming file, row and column of a bad table', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-import-'));
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, 'org_code,org_name,period,ga_beds_available,ga_beds_occupied\nRJ1,A,2018-19 Q1,300,lots\n');
    await expect(bedcast(['import', '--beds', file, '--trust', 'RJ1'], {}, capture().out)).rejects.toMatchObject({
      code: 2,
      message: expect.stringContaining(`${file}: row 2, column ga_beds_occupied: expected a number, got "lots"`),
    });
    await expect(bedcast(['import'], {}, capture().out)).rejects.toMatchObject({ code: 2 });
  });
});
