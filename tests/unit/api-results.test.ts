/**
 * GET /v1/simulations/{id}/results and run lookups served from the result store: JSON and tidy
 * CSV, filters, strong ETags and 304, and runs that Temporal forgot or cannot be asked about.
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../api/content-encoding.js';
import { createApp } from '../../api/app.js';
import { csvField, CSV_HEADER } from '../../api/results-view.js';
import { CELL_METRICS } from '../../models/engine-summary.js';
import { prefersCsv } from '../../api/accept.js';
import { runResultSchema } from '../../api/result-schema.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { runInProcess } from '../../models/run-document.js';
import { resultKey } from '../../store/run-keys.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { readJson } from '../support/read-json.js';
import { tempStore } from '../support/temp-store.js';

const document = runInProcess({
  scenario: smallHospital.scenario,
  seed: 11,
  iterations: 30,
  source: { preset: 'small-hospital' },
});
const id = document.result.runId;

async function setup() {
  const service = new FakeSimulationService();
  const store = tempStore();
  await store.put(resultKey(id), document.bytes);
  return { service, store, app: createApp({ simulations: service, store }) };
}

describe('GET /v1/simulations/{id}/results', () => {
  it('serves the stored JSON byte for byte, with a strong ETag, immutable caching and 304', async () => {
    const { app } = await setup();
    const res = await app.request(`/v1/simulations/${id}/results`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(document.bytes);
    expect(res.headers.get('etag')).toBe(`"${document.sha256}"`);
    expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const again = await app.request(`/v1/simulations/${id}/results`, {
      headers: { 'if-none-match': `"other", ${res.headers.get('etag')}` },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const parsed = runResultSchema.parse(JSON.parse(new TextDecoder().decode(document.bytes)));
    // Unfiltered, every cell has every figure (the baseline has no difference from itself; only
    // the system has shortfalls where they happen).
    for (const cell of parsed.cells) {
      const expected = CELL_METRICS.filter(
        (m) =>
          (m !== 'differenceFromBaseline' || cell.option !== parsed.baselineOption) &&
          (m !== 'shortfall' || cell.scope === 'system'),
      );
      expect(expected.filter((m) => cell[m] === undefined)).toEqual([]);
    }
  });

  it('serves gzip, compressed once, to clients that accept it, with its own ETag and 304', async () => {
    const { app } = await setup();
    const url = `/v1/simulations/${id}/results`;
    const res = await app.request(url, { headers: { 'accept-encoding': 'br;q=1, gzip;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toBe('Accept, Accept-Encoding');
    const compressed = new Uint8Array(await res.arrayBuffer());
    expect(compressed.byteLength).toBeLessThan(document.bytes.byteLength / 3);
    expect(new Uint8Array(gunzipSync(compressed))).toEqual(document.bytes);
    const etag = res.headers.get('etag')!;
    expect(etag).toBe(`"${document.sha256}-gzip"`);
    // Revalidation names the representation: the gzip ETag matches only a gzip request.
    expect((await app.request(url, { headers: { 'accept-encoding': 'gzip', 'if-none-match': etag } })).status).toBe(
      304,
    );
    const identity = await app.request(url, { headers: { 'if-none-match': etag } });
    expect(identity.status).toBe(200);
    expect(identity.headers.get('content-encoding')).toBeNull();
    // gzip;q=0 refuses it, even beside *.
    expect(
      (await app.request(url, { headers: { 'accept-encoding': '*, gzip;q=0' } })).headers.get('content-encoding'),
    ).toBeNull();
    // The report page too.
    const report = await app.request(`/v1/simulations/${id}/report`, { headers: { 'accept-encoding': 'gzip' } });
    expect(report.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(new Uint8Array(await report.arrayBuffer())).toString('utf8')).toContain('<html');
  });

  it('makes a view once for requests that arrive together, and each gets the same bytes', async () => {
    const { service, store } = await setup();
    let reads = 0;
    const counting = {
      ...store,
      get: (key: string) => (key === resultKey(id) && reads++, store.get(key)),
    } as typeof store;
    const app = createApp({ simulations: service, store: counting });
    const url = `/v1/simulations/${id}/results?format=csv`;
    const responses = await Promise.all(Array.from({ length: 20 }, async () => app.request(url)));
    expect(reads).toBe(1);
    const etags = new Set(responses.map((r) => r.headers.get('etag')));
    expect(etags.size).toBe(1);
    expect(responses.every((r) => r.status === 200)).toBe(true);
  });

  it('reads Accept-Encoding as RFC 9110 does', () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('x-gzip')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('*;q=0')).toBe(false);
    expect(acceptsGzip('br, *;q=0.1')).toBe(true);
    expect(acceptsGzip('*, gzip;q=0')).toBe(false);
  });

  it('serves tidy CSV by Accept or ?format=csv, with a BOM, CRLF, and the JSON numbers', async () => {
    const { app } = await setup();
    const byAccept = await app.request(`/v1/simulations/${id}/results`, { headers: { accept: 'text/csv' } });
    const byQuery = await app.request(`/v1/simulations/${id}/results?format=csv`, {
      headers: { accept: 'application/json' },
    });
    expect(byAccept.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(byAccept.headers.get('content-disposition')).toContain(`${id}.csv`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await byAccept.arrayBuffer());
    expect(await byQuery.text()).toBe(text.slice(1));
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(1).split('\r\n').slice(0, -1);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(lines[0]).toBe(CSV_HEADER.join(','));
    // A figure in the CSV equals the same figure in the JSON.
    const cell = document.result.cells.find(
      (c) => c.option === 'do-nothing' && c.scope === 'system' && c.year === '2027/28',
    )!;
    expect(lines).toContain(
      `do-nothing,system,2027/28,bedsRequired,risk,p90,${cell.bedsRequired.risk.p90},Do nothing,Whole system`,
    );
    expect(lines).toContain(`do-nothing,system,2027/28,capacity,,value,${cell.capacity},Do nothing,Whole system`);
    // Names for people after the value (issue 19, item 3): the option's and the site's, ids still the keys.
    expect(lines).toContain(
      `shorter-stays,dgh,2027/28,capacity,,value,${document.result.cells.find((c) => c.option === 'shorter-stays' && c.scope === 'dgh' && c.year === '2027/28')!.capacity},Shorter emergency stays,District General Hospital`,
    );
    expect(lines.some((l) => l.startsWith('shorter-stays,system,2027/28,bridge:shorter-stays,occupancy,p50,'))).toBe(
      true,
    );
    expect(lines.every((l) => l.split(',').length === CSV_HEADER.length)).toBe(true);
    // No thousands separators, '.' decimals: every value parses as a plain number.
    expect(lines.slice(1).every((l) => /^-?\d+(\.\d+)?(e[-+]\d+)?$/.test(l.split(',')[6]!))).toBe(true);
  });

  it('filters by site, option, year and metric, and names an unknown filter value (422)', async () => {
    const { app } = await setup();
    const res = await app.request(
      `/v1/simulations/${id}/results?scope=system&option=do-nothing,shorter-stays&year=2027/28&metric=bedsRequired`,
    );
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.cells.map((c: { option: string }) => c.option)).toEqual(['do-nothing', 'shorter-stays']);
    expect(Object.keys(body.cells[0]).sort()).toEqual(['bedsRequired', 'capacity', 'option', 'scope', 'year']);
    expect(body.bridges).toEqual([]);
    expect(res.headers.get('etag')).not.toBe(`"${document.sha256}"`);
    const bad = await app.request(`/v1/simulations/${id}/results?scope=mars`);
    expect(bad.status).toBe(422);
    expect((await readJson(bad)).errors).toEqual([
      { parameter: 'scope', detail: expect.stringContaining('dgh, system') },
    ]);
  });

  it('answers 404 for an unknown run and 409 for a run without a result yet', async () => {
    const { app, service } = await setup();
    expect((await app.request('/v1/simulations/sim-ffffffffffffffffffffffff/results')).status).toBe(404);
    // Found by the fuzz: an id that is no run id (nor a store key) is a plain 404, never a 500.
    for (const method of ['GET', 'DELETE'])
      expect((await app.request('/v1/simulations/%20', { method })).status).toBe(404);
    const launched = await readJson(
      await app.request('/v1/simulations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ preset: 'small-hospital', seed: 1 }),
      }),
    );
    const pending = await app.request(`/v1/simulations/${launched.id}/results`);
    expect(pending.status).toBe(409);
    expect(pending.headers.get('cache-control')).toBe('no-store');
    expect(service.started).toHaveLength(1);
  });

  it('serves a run Temporal has forgotten, or cannot be asked about, from its stored result', async () => {
    const { app, service, store } = await setup();
    await store.put(
      `runs/${id}/run.json`,
      new TextEncoder().encode(
        JSON.stringify({ createdAt: '2026-01-02T03:04:05.000Z', finishedAt: '2026-01-02T03:05:00.000Z' }),
      ),
    );
    const forgotten = await readJson(await app.request(`/v1/simulations/${id}`));
    expect(forgotten).toMatchObject({ createdAt: '2026-01-02T03:04:05.000Z', finishedAt: '2026-01-02T03:05:00.000Z' });
    expect(forgotten).toMatchObject({
      id,
      status: 'succeeded',
      seed: 11,
      iterations: 30,
      result: { sha256: document.sha256 },
      links: { results: `/v1/simulations/${id}/results` },
    });
    service.engineUp = false;
    expect((await app.request(`/v1/simulations/${id}`)).status).toBe(200);
    expect((await app.request(`/v1/simulations/${id}/results`)).status).toBe(200);
    expect((await app.request('/v1/simulations/sim-ffffffffffffffffffffffff')).status).toBe(503);
    // Finished is finished, whoever remembers it.
    service.engineUp = true;
    expect((await app.request(`/v1/simulations/${id}`, { method: 'DELETE' })).status).toBe(409);
  });
});

describe('CSV and content negotiation details', () => {
  it('defuses formulas and quotes what needs quoting', () => {
    expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(1234567)).toBe('1234567');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('prefers CSV only when Accept ranks it above JSON', () => {
    expect(prefersCsv(undefined)).toBe(false);
    expect(prefersCsv('text/csv')).toBe(true);
    expect(prefersCsv('application/json, text/csv')).toBe(false);
    expect(prefersCsv('text/csv;q=0.9, application/json;q=0.5')).toBe(true);
    expect(prefersCsv('*/*')).toBe(false);
    expect(prefersCsv('text/*, application/json;q=0.1')).toBe(true);
  });
});
