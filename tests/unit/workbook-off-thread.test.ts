/**
 * The workbook is built on a worker thread (api/exports/workbook-off-thread.ts): the same
 * workbook as building it in place, and the API answers other requests while it is built. The
 * second is shown by order, not by time: a request made once the worker has started building
 * is answered before the worker has finished.
 */
import { once } from 'node:events';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildWorkbook, type WorkbookInputs } from '../../api/exports/workbook.js';
import { buildWorkbookOffThread, workbookBuilds } from '../../api/exports/workbook-off-thread.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { storedDocument, storedRunApp, storedRunId, storedScenario } from '../support/stored-run-app.js';

/** The workbook's parts by name. The zip's entry dates are the time of the build, so not compared. */
const parts = (bytes: Uint8Array) => unzipSync(bytes);

describe('the workbook built off the event loop', () => {
  it('holds the same parts, byte for byte, as the workbook built in place', async () => {
    const inputs: WorkbookInputs = {
      result: storedDocument.result,
      scenario: storedScenario,
      createdAt: '2026-12-01T10:00:00.000Z',
      preset: smallHospital,
      presetScenario: storedScenario,
      links: { run: 'r', results: 'r/results', report: 'r/report' },
    };
    const inPlace = parts(await buildWorkbook(inputs));
    const offThread = parts(await buildWorkbookOffThread(inputs));
    expect(Object.keys(offThread).sort()).toEqual(Object.keys(inPlace).sort());
    expect(Object.keys(inPlace)).toContain('xl/worksheets/sheet1.xml');
    for (const [name, bytes] of Object.entries(inPlace))
      expect(Buffer.from(offThread[name]!).equals(Buffer.from(bytes)), name).toBe(true);
  });

  it('fails, not hangs, when the worker cannot build', async () => {
    // A result without cells: buildWorkbook throws inside the worker.
    await expect(buildWorkbookOffThread({ links: { run: '', results: '', report: '' } } as never)).rejects.toThrow();
  });

  it('lets the API answer GET /health while a workbook is being built', async () => {
    const { app } = await setup();
    const order: string[] = [];
    // 'started' comes from the worker thread as it begins building; built in place (on the event
    // loop) there is none and the workbook arrives first, which fails the order below.
    const started = once(workbookBuilds, 'started').then(() => order.push('build started'));
    workbookBuilds.once('finished', () => order.push('build finished'));
    const workbook = Promise.resolve(app.request(`/v1/simulations/${storedRunId}/results.xlsx`)).then(async (res) => {
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      order.push('workbook');
    });
    await Promise.race([started, workbook]);
    const health = await app.request('/health');
    expect(health.status).toBe(200);
    order.push('health');
    await workbook;
    expect(order).toEqual(['build started', 'health', 'build finished', 'workbook']);
  });
});

const setup = storedRunApp;
