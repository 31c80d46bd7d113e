/**
 * Issue 19's "done when" through the real stack (Temporal dev server, a worker, the API over
 * HTTP): a scenario saved from a preset with a rationale note, revised by two editors from the
 * same revision (the second gets 412), launched by id and revision with one more change, and
 * exported: the workbook, opened in LibreOffice Calc, has the JSON's figures at their stated
 * precision and a cover that states the saved revision, the run's change and the note; the wide
 * CSV and a chart download come from the same run. With REQUIRE_LIBREOFFICE=1 (CI) a missing
 * soffice fails the run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHEET_NAMES } from '../../api/exports/workbook.js';
import type { RunResult } from '../../models/run-result.js';
import { findSoffice, workbookAsCsv } from '../support/libreoffice.js';
import { type LiveStack, startLiveStack } from '../support/live-stack.js';
import { parseCsv } from '../support/parse-csv.js';
import { readJson } from '../support/read-json.js';
import { hasTemporal } from '../support/temporal-test-env.js';
import { expectDataSheetMatches } from '../support/workbook-figures.js';

const soffice = findSoffice();
if (!soffice && process.env.REQUIRE_LIBREOFFICE === '1')
  throw new Error(
    'REQUIRE_LIBREOFFICE=1 but no soffice was found (apt-get install libreoffice-calc-nogui, or set SOFFICE_PATH)',
  );
if (!soffice) console.warn('SKIPPED: the export test needs LibreOffice (apt-get install libreoffice-calc-nogui)');

describe.skipIf(!hasTemporal() || !soffice)('a saved, revised, launched scenario exported', () => {
  let stack: LiveStack;

  beforeAll(async () => {
    stack = await startLiveStack('export-end-to-end');
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

  it('opens in the spreadsheet program with the same figures as the JSON, and states what was asked', async () => {
    const created = await call('POST', '/v1/scenarios', {
      from: { preset: 'small-hospital' },
      notes: { '/bedPolicy/targetOccupancy': 'the trust plans at 90% from 2026' },
    });
    expect(created.status).toBe(201);
    const saved = await readJson(created);
    const etag = created.headers.get('etag')!;
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

    const launched = await call('POST', '/v1/simulations', {
      savedScenario: { id: saved.id, revision: 2 },
      overrides: { '/bedPolicy/riskTarget': 0.02 },
      iterations: 50,
      seed: 23,
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
    const result = (await readJson(await call('GET', `/v1/simulations/${id}/results`))) as RunResult;

    const xlsx = await call('GET', `/v1/simulations/${id}/results.xlsx`);
    expect(xlsx.status).toBe(200);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'bedcast-export-')), `${id}.xlsx`);
    writeFileSync(file, new Uint8Array(await xlsx.arrayBuffer()));
    const sheets = await workbookAsCsv(soffice!, file);
    expect([...sheets.keys()].sort()).toEqual(Object.values(SHEET_NAMES).sort());
    expect(expectDataSheetMatches(sheets.get(SHEET_NAMES.data)!, result)).toBeGreaterThan(3000);

    const cover = parseCsv(sheets.get(SHEET_NAMES.cover)!);
    const field = (label: string) => cover.find((r) => r[0] === label)?.[1];
    expect(field('Run')).toBe(id);
    expect(field('Taken from')).toBe(
      `the saved scenario ${saved.id}, revision 2, first copied from the preset small-hospital`,
    );
    expect(field('Bed policy')).toContain('target occupancy 0.9; risk target 0.02');
    expect(cover.some((r) => r[0] === '/bedPolicy/riskTarget' && r[1] === '0.01' && r[2] === '0.02')).toBe(true);
    const noted = cover.find((r) => r[0] === '/bedPolicy/targetOccupancy' && r[6] !== '');
    expect(noted?.[6]).toBe('the trust plans at 90% from 2026');
    expect(noted?.[1]).toBe('0.9');

    // The wide CSV and a chart, from the same run.
    const wide = parseCsv(await (await call('GET', `/v1/simulations/${id}/results?format=csv&layout=wide`)).text());
    expect(wide[0]!.slice(-result.years.length)).toEqual(result.years);
    const png = await call('GET', `/v1/simulations/${id}/charts/bridge.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
  }, 180_000);
});
