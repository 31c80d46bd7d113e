/**
 * The workbook opened by a real spreadsheet program (issue 19, item 4): a real run's
 * results.xlsx, served through app.request(), converted sheet by sheet to CSV by LibreOffice
 * Calc headless, holds the JSON's figures rounded to their stated precision, the report's tables
 * and a cover with the provenance, the preset's sources and the saved scenario's rationale. With
 * REQUIRE_LIBREOFFICE=1 (CI) a missing soffice fails the run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { roundTo } from '../../api/exports/precision.js';
import { SHEET_NAMES } from '../../api/exports/workbook.js';
import { tidyRows } from '../../api/results-view.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { runInProcess } from '../../models/run-document.js';
import { scenarioSchema } from '../../models/scenario.js';
import { resultKey, scenarioKey } from '../../store/run-keys.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { findSoffice, workbookAsCsv } from '../support/libreoffice.js';
import { parseCsv } from '../support/parse-csv.js';
import { readJson } from '../support/read-json.js';
import { tempStore } from '../support/temp-store.js';
import { calcValue, expectDataSheetMatches } from '../support/workbook-figures.js';

const soffice = findSoffice();
if (!soffice && process.env.REQUIRE_LIBREOFFICE === '1')
  throw new Error(
    'REQUIRE_LIBREOFFICE=1 but no soffice was found (apt-get install libreoffice-calc-nogui, or set SOFFICE_PATH)',
  );
if (!soffice) console.warn('SKIPPED: the workbook test needs LibreOffice (apt-get install libreoffice-calc-nogui)');

const valueOf = calcValue;

describe.skipIf(!soffice)('the workbook in LibreOffice Calc', () => {
  it('holds the JSON figures at their stated precision on every sheet, and the provenance on the cover', async () => {
    const store = tempStore();
    const app = createApp({ simulations: new FakeSimulationService(), store });
    // A saved scenario with a rationale note, launched with a change: the cover must show both.
    const saved = await readJson(
      await app.request('/v1/scenarios', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          from: { preset: 'small-hospital' },
          notes: { '/bedPolicy/targetOccupancy': 'the board set 85% after the winter review' },
        }),
      }),
    );
    const scenario = scenarioSchema.parse({
      ...smallHospital.scenario,
      bedPolicy: { ...smallHospital.scenario.bedPolicy, riskTarget: 0.02 },
    });
    const run = runInProcess({
      scenario,
      seed: 19,
      iterations: 40,
      source: {
        saved: { id: saved.id, revision: 1 },
        changes: [{ pointer: '/bedPolicy/riskTarget', from: 0.01, to: 0.02 }],
      },
    });
    const id = run.result.runId;
    await store.put(resultKey(id), run.bytes);
    await store.put(scenarioKey(id), new TextEncoder().encode(JSON.stringify(scenario)));
    const res = await app.request(`/v1/simulations/${id}/results.xlsx`);
    expect(res.status).toBe(200);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-workbook-'));
    const file = path.join(dir, 'run.xlsx');
    writeFileSync(file, new Uint8Array(await res.arrayBuffer()));

    const sheets = await workbookAsCsv(soffice!, file);
    expect([...sheets.keys()].sort()).toEqual(Object.values(SHEET_NAMES).sort());
    const rowsOf = (sheet: string) => parseCsv(sheets.get(sheet)!);
    const result = run.result;

    // The tidy data: every figure of the result, each the JSON's rounded to its precision.
    const figures = expectDataSheetMatches(sheets.get(SHEET_NAMES.data)!, result);
    expect(figures).toBe(tidyRows(result).length);
    expect(figures).toBeGreaterThan(3000);

    // The options side by side at the horizon, for the system and the site, as the report shows them.
    const horizon = result.years.at(-1)!;
    const options = rowsOf(SHEET_NAMES.options);
    for (const [scope, where] of [
      ['system', 'Whole system'],
      ['dgh', 'District General Hospital'],
    ])
      for (const o of result.options) {
        const c = result.cells.find((x) => x.option === o.id && x.scope === scope && x.year === horizon)!;
        const row = options.find((r) => r[0] === where && r[1] === o.name)!;
        const beds = c.bedsRequired.occupancy;
        expect(row.slice(2, 5).map(valueOf)).toEqual([beds.p50, beds.p10, beds.p90].map((x) => roundTo(x, 1)));
        expect(valueOf(row[12]!)).toBe(roundTo(c.capacity, 1));
        if (c.differenceFromBaseline)
          expect(roundTo(valueOf(row[11]!), 3)).toBe(
            roundTo(c.differenceFromBaseline.probabilityFewerBeds.occupancy, 3),
          );
      }

    // Beds by year: every scope, option and year, with capacity.
    const beds = rowsOf(SHEET_NAMES.beds).slice(1);
    expect(beds.length).toBe(result.cells.length);
    const bridge = rowsOf(SHEET_NAMES.bridge).slice(1);
    expect(bridge.length).toBe(result.bridges.reduce((n, b) => n + b.steps.length, 0));

    // The cover: provenance, what the run changed, every preset source and the saved note.
    const cover = rowsOf(SHEET_NAMES.cover);
    const field = (label: string) => cover.find((r) => r[0] === label)?.[1];
    expect(field('Run')).toBe(id);
    expect(field('Inputs sha256')).toContain(result.inputsSha256);
    expect(field('Model runs (iterations)')).toBe('40');
    expect(field('Taken from')).toBe(
      `the saved scenario ${saved.id}, revision 1, first copied from the preset small-hospital`,
    );
    expect(cover.some((r) => r[0] === '/bedPolicy/riskTarget' && r[1] === '0.01' && r[2] === '0.02')).toBe(true);
    for (const s of smallHospital.sources) {
      const row = cover.find((r) => r[0] === s.pointer && r[2] === s.source);
      expect(row, s.pointer).toBeDefined();
    }
    const noted = cover.find((r) => r[0] === '/bedPolicy/targetOccupancy' && r[6] !== '')!;
    expect(noted[6]).toBe('the board set 85% after the winter review');
    const changed = cover.find((r) => r[0] === '/bedPolicy/riskTarget' && r[7]?.startsWith('changed by this run'));
    expect(changed?.[1]).toBe('0.02');
  });
});
