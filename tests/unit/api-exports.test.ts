/**
 * Board-ready exports (issue 19, item 4) through app.request(): the xlsx workbook with its
 * provenance and assumptions, and chart downloads as SVG and PNG. (CSV: api-exports-csv.test.ts;
 * the workbook opened in LibreOffice: tests/integration/workbook-libreoffice.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { assumptionRows } from '../../api/exports/assumptions.js';
import { CHART_NAMES } from '../../api/exports/chart-downloads.js';
import { roundTo } from '../../api/exports/precision.js';
import { ASSUMPTION_COLUMNS, SHEET_NAMES, workbookSheets } from '../../api/exports/workbook.js';
import { tidyRows } from '../../api/results-view.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { runInProcess } from '../../models/run-document.js';
import { resultKey, scenarioKey } from '../../store/run-keys.js';
import { readJson } from '../support/read-json.js';
import { storedDocument, storedRunApp, storedRunId, storedScenario } from '../support/stored-run-app.js';

const scenario = storedScenario;
const document = storedDocument;
const id = storedRunId;
const setup = storedRunApp;

describe('GET /v1/simulations/{id}/results.xlsx', () => {
  it('serves a workbook with a strong ETag and 304, 404 for no run, 409 for a run without a result', async () => {
    const { app } = await setup();
    const res = await app.request(`/v1/simulations/${id}/results.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${id}.xlsx"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    // A zip (xlsx is one), whose entries name the workbook parts.
    expect([...bytes.slice(0, 2)]).toEqual([0x50, 0x4b]);
    expect(Buffer.from(bytes).toString('latin1')).toContain('xl/workbook.xml');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    expect(
      (await app.request(`/v1/simulations/${id}/results.xlsx`, { headers: { 'if-none-match': etag } })).status,
    ).toBe(304);
    expect((await app.request('/v1/simulations/sim-ffffffffffffffffffffffff/results.xlsx')).status).toBe(404);
    expect((await app.request('/v1/simulations/%20/results.xlsx')).status).toBe(404);
    const launched = await readJson(
      await app.request('/v1/simulations', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ preset: 'small-hospital', seed: 1 }),
      }),
    );
    const pending = await app.request(`/v1/simulations/${launched.id}/results.xlsx`);
    expect(pending.status).toBe(409);
    expect((await readJson(pending)).type).toBe('urn:bedcast:problem:run-not-finished');
    const post = await app.request(`/v1/simulations/${id}/results.xlsx`, { method: 'POST' });
    expect(post.status).toBe(405);
  });

  it('has a cover with provenance and every sourced value, the report tables and the tidy data', () => {
    const sheets = workbookSheets({
      result: document.result,
      scenario,
      createdAt: '2026-12-01T10:00:00.000Z',
      preset: smallHospital,
      presetScenario: scenario,
      links: { run: `/v1/simulations/${id}`, results: 'r', report: 'p' },
    });
    expect(sheets.map((s) => s.sheet)).toEqual(Object.values(SHEET_NAMES));
    const textOf = (name: string) =>
      sheets
        .find((s) => s.sheet === name)!
        .data.map((row) =>
          row.map((c) => (c && typeof c === 'object' && 'value' in c ? String(c.value as string | number) : '')),
        );
    const cover = textOf('Cover');
    const flat = cover.flat();
    for (const expected of [
      id,
      document.result.inputsSha256,
      'the preset small-hospital (One district general hospital)',
      '2026-12-01T10:00:00.000Z',
      '30',
      '11',
    ])
      expect(
        flat.some((t) => t.includes(expected)),
        expected,
      ).toBe(true);
    for (const note of smallHospital.notes) expect(flat).toContain(note);
    const header = cover.findIndex((r) => r[0] === ASSUMPTION_COLUMNS[0]![0]);
    const sourced = cover.slice(header + 1, header + 1 + smallHospital.sources.length);
    expect(sourced.map((r) => r[0])).toEqual(smallHospital.sources.map((s) => s.pointer));
    expect(sourced.map((r) => r[2])).toEqual(smallHospital.sources.map((s) => s.source));
    expect(sourced.every((r) => r[7] === 'as sourced')).toBe(true);
    // The options table as the report shows it, at the horizon, in cells of their own.
    const options = textOf('Options');
    const horizon = document.result.years.at(-1)!;
    for (const o of document.result.options) {
      const cell = document.result.cells.find((c) => c.option === o.id && c.scope === 'system' && c.year === horizon)!;
      const row = options.find((r) => r[0] === 'Whole system' && r[1] === o.name)!;
      expect(row.slice(2, 5).map(Number)).toEqual(
        [cell.bedsRequired.occupancy.p50, cell.bedsRequired.occupancy.p10, cell.bedsRequired.occupancy.p90].map((x) =>
          roundTo(x, 1),
        ),
      );
    }
    expect(textOf('Data').length).toBe(tidyRows(document.result).length + 1);
  });

  it('marks what a run changed and carries the saved scenario’s rationale notes', () => {
    const rows = assumptionRows({
      scenario: { ...scenario, bedPolicy: { ...scenario.bedPolicy, targetOccupancy: 0.9 } },
      preset: smallHospital,
      presetScenario: scenario,
      notes: { '/bedPolicy/targetOccupancy': 'the trust ran at 90% last winter' },
      changes: [{ pointer: '/bedPolicy/targetOccupancy', from: scenario.bedPolicy.targetOccupancy, to: 0.9 }],
    });
    const row = rows.find((r) => r.pointer === '/bedPolicy/targetOccupancy')!;
    expect(row.value).toBe('0.9');
    expect(row.rationale).toBe('the trust ran at 90% last winter');
    expect(row.status).toBe(
      `changed by this run: /bedPolicy/targetOccupancy ${scenario.bedPolicy.targetOccupancy} → 0.9`,
    );
    // A sourced value changed in a saved revision (not by the run) says its source was for the old value.
    const streams = assumptionRows({
      scenario: { ...scenario, streams: [] },
      preset: smallHospital,
      presetScenario: scenario,
    }).find((r) => r.pointer === '/streams')!;
    expect(streams.status).toMatch(/^changed in the saved scenario from the preset's/);
  });

  it('reads the saved revision’s notes and its preset for a run launched from a saved scenario', async () => {
    const { app, store } = await setup();
    const saved = await readJson(
      await app.request('/v1/scenarios', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          from: { preset: 'small-hospital' },
          notes: { '/bedPolicy/riskTarget': 'the board asked for 1 in 100' },
        }),
      }),
    );
    const run = runInProcess({ scenario, seed: 5, iterations: 20, source: { saved: { id: saved.id, revision: 1 } } });
    await store.put(resultKey(run.result.runId), run.bytes);
    await store.put(scenarioKey(run.result.runId), new TextEncoder().encode(JSON.stringify(scenario)));
    const res = await app.request(`/v1/simulations/${run.result.runId}/results.xlsx`);
    expect(res.status).toBe(200);
    // Shared strings hold the cover's text: the note and the preset's sources are in the file.
    const { unzipSync, strFromU8 } = await import('fflate');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const strings = strFromU8(files['xl/sharedStrings.xml']!);
    expect(strings).toContain('the board asked for 1 in 100');
    expect(strings).toContain(
      `the saved scenario ${saved.id}, revision 1, first copied from the preset small-hospital`,
    );
    expect(strings).toContain(smallHospital.sources[0]!.source);
  });
});

describe('GET /v1/simulations/{id}/charts/{chart}', () => {
  it('serves each chart as a standalone SVG, with its title, size and styles', async () => {
    const { app } = await setup();
    for (const chart of CHART_NAMES) {
      const res = await app.request(`/v1/simulations/${id}/charts/${chart}.svg`);
      expect(res.status, chart).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(
        new RegExp(`^attachment; filename="${chart}_system_.+\\.svg"$`),
      );
      const svg = await res.text();
      expect(svg.startsWith('<?xml')).toBe(true);
      expect(svg).toMatch(
        /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="chart [a-z]+" viewBox="0 0 (\d+) (\d+)" width="\1" height="\2"/,
      );
      expect(svg).toMatch(/<title id="[^"]+">[^<]+<\/title><desc id="[^"]+">[^<]+<\/desc><style>/);
      expect(
        (
          await app.request(`/v1/simulations/${id}/charts/${chart}.svg`, {
            headers: { 'if-none-match': res.headers.get('etag')! },
          })
        ).status,
      ).toBe(304);
    }
    const site = await (
      await app.request(`/v1/simulations/${id}/charts/beds.svg?scope=dgh&option=shorter-stays`)
    ).text();
    expect(site).toContain('District General Hospital: beds required under shorter emergency stays');
    const risk = await (await app.request(`/v1/simulations/${id}/charts/options.svg?method=risk&year=2026/27`)).text();
    expect(risk).toContain('Beds required by 2026/27 under each option, whole system (risk method)');
  });

  it('renders PNG from the SVG at twice its size', async () => {
    const { app } = await setup();
    const res = await app.request(`/v1/simulations/${id}/charts/beds.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width and height, big-endian, at bytes 16 and 20; the fan chart is 640 x 300.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 600]);
  });

  it('answers 404 for an unknown chart and 422 naming the parameter a run does not have', async () => {
    const { app } = await setup();
    const unknown = await app.request(`/v1/simulations/${id}/charts/pie.svg`);
    expect(unknown.status).toBe(404);
    expect((await readJson(unknown)).detail).toContain('beds.svg');
    expect((await app.request(`/v1/simulations/${id}/charts/beds.gif`)).status).toBe(404);
    const bad = await app.request(`/v1/simulations/${id}/charts/beds.svg?scope=nowhere&year=2099/00`);
    expect(bad.status).toBe(422);
    expect((await readJson(bad)).errors).toEqual([
      { parameter: 'scope', detail: expect.stringContaining('system, dgh') },
      { parameter: 'year', detail: expect.stringContaining('2024/25') },
    ]);
    expect((await app.request('/v1/simulations/sim-ffffffffffffffffffffffff/charts/beds.svg')).status).toBe(404);
  });

  it('the report links every export, each one served, and states its own precision', async () => {
    const { app } = await setup();
    const html = await (await app.request(`/v1/simulations/${id}/report`)).text();
    const links = [...html.matchAll(/href="([^"]+)"/g)]
      .map((m) => m[1]!.replace(/&amp;/g, '&'))
      .filter((href) => href.startsWith('/v1/'));
    for (const expected of [
      `/v1/simulations/${id}/results.xlsx`,
      `/v1/simulations/${id}/results?format=csv&layout=wide`,
      ...CHART_NAMES.flatMap((n) => [`/v1/simulations/${id}/charts/${n}.svg`, `/v1/simulations/${id}/charts/${n}.png`]),
    ])
      expect(links).toContain(expected);
    for (const href of links) expect((await app.request(href)).status, href).toBe(200);
    expect(html).toContain('Here beds are rounded to the nearest bed and shares to the nearest percent');
    expect(html).toContain('beds to 1 decimal place, probabilities to 3 decimal places');
  });

  it('documents the exports in the OpenAPI document, precision included', async () => {
    const { app } = await setup();
    const doc = await readJson(await app.request('/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/simulations/{id}/results.xlsx', '/v1/simulations/{id}/charts/{chart}']),
    );
    const results = doc.paths['/v1/simulations/{id}/results'].get;
    expect(results.description).toContain('JSON by default, at full precision');
    expect(results.description).toContain('beds to 1 decimal place');
    expect(results.parameters.map((p: { name: string }) => p.name)).toContain('layout');
    expect(Object.keys(doc.paths['/v1/simulations/{id}/charts/{chart}'].get.responses)).toEqual(
      expect.arrayContaining(['200', '304', '404', '409', '422', '501', '503']),
    );
  });
});
