/**
 * The bedcast CLI as a user runs it: the real binary in a child process, against a real API with
 * a worker on the real Temporal dev server.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallHospital } from '../../models/presets/small-hospital.js';
import type { RunResult } from '../../models/run-result.js';
import { type LiveStack, startLiveStack } from '../support/live-stack.js';
import { readJson } from '../support/read-json.js';
import { hasTemporal } from '../support/temporal-test-env.js';

const cli = fileURLToPath(new URL('../../bin/bedcast.ts', import.meta.url));

function bedcast(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cli, ...args],
      { env: { ...process.env, BEDCAST_POLL_MS: '100', ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

describe.skipIf(!hasTemporal())('bedcast CLI against a running API', () => {
  let stack: LiveStack;
  let api: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-cli-'));
  const scenarioFile = path.join(dir, 'scenario.json');
  const badFile = path.join(dir, 'bad.json');

  beforeAll(async () => {
    writeFileSync(scenarioFile, JSON.stringify(smallHospital.scenario));
    writeFileSync(
      badFile,
      JSON.stringify({ ...smallHospital.scenario, bedPolicy: { targetOccupancy: 2, riskTarget: 0.01 } }),
    );
    stack = await startLiveStack('cli');
    api = stack.baseUrl;
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('lists presets', async () => {
    const r = await bedcast(['presets'], { BEDCAST_API_URL: api });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sel-stp-2016 +South East London STP 2016/m);
  });

  it('runs a scenario to the end with --wait, printing plain progress lines off a terminal', async () => {
    const r = await bedcast([
      'run',
      '--scenario',
      scenarioFile,
      '--iterations',
      '300',
      '--seed',
      '7',
      '--wait',
      '--api',
      api,
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^sim-[0-9a-f]{24} +succeeded +300\/300 iterations +seed 7$/);
    const id = lines.at(-1)!.split(/\s+/)[0]!;
    const status = await bedcast(['status', id, '--json', '--api', api]);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ id, status: 'succeeded', seed: 7, iterations: 300 });
    // Cancelling a finished run is refused by the API: a clear message and exit code 2.
    const cancel = await bedcast(['cancel', id, '--api', api]);
    expect(cancel.code).toBe(2);
    expect(cancel.stderr).toContain('409');
  });

  it('reports invalid input with the offending field and exit code 2', async () => {
    const r = await bedcast(['run', '--scenario', badFile, '--api', api]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('422');
    expect(r.stderr).toContain('/scenario/bedPolicy/targetOccupancy');
  });

  it('runs a preset with chosen options and an override', async () => {
    const r = await bedcast([
      'run',
      '--preset',
      'small-hospital',
      '--option',
      'shorter-stays',
      '--set',
      '/bedPolicy/targetOccupancy=0.9',
      '--iterations',
      '40',
      '--seed',
      '3',
      '--wait',
      '--json',
      '--api',
      api,
    ]);
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    expect(run).toMatchObject({ status: 'succeeded', scenario: { preset: 'small-hospital' }, iterations: 40 });
    const results = (await (await fetch(`${api}${run.links.results}`)).json()) as RunResult;
    expect(results.options.map((o: { id: string }) => o.id)).toEqual(['do-nothing', 'shorter-stays']);
    // results, report and compare on the finished run.
    const csvFile = path.join(dir, 'results.csv');
    const csv = await bedcast(['results', run.id, '--format', 'csv', '--site', 'system', '-o', csvFile, '--api', api]);
    expect(csv.code).toBe(0);
    const csvText = readFileSync(csvFile, 'utf8');
    expect(csvText.startsWith('\uFEFFoption,scope,year,metric,method,statistic,value,optionName,scopeName\r\n')).toBe(
      true,
    );
    expect(csvText).not.toContain(',dgh,');
    const json = await bedcast(['results', run.id, '--api', api]);
    expect(JSON.parse(json.stdout)).toEqual(results);
    const reportFile = path.join(dir, 'report.html');
    const report = await bedcast(['report', run.id, '-o', reportFile, '--api', api]);
    expect(report.code).toBe(0);
    expect(readFileSync(reportFile, 'utf8')).toContain('<svg');
    const compare = await bedcast(['compare', run.id, '--api', api]);
    expect(compare.code).toBe(0);
    const lines = compare.stdout.trim().split('\n');
    expect(lines[0]).toContain('system, 2027/28, median (P10 to P90) of 40 model runs');
    const horizon = results.cells.find(
      (c) => c.option === 'shorter-stays' && c.scope === 'system' && c.year === '2027/28',
    );
    expect(lines.find((l) => l.startsWith('Shorter emergency stays'))).toContain(
      Math.round(horizon!.bedsRequired.occupancy.p50).toLocaleString('en-GB'),
    );
    expect((await bedcast(['compare', run.id, '--year', '1999/00', '--api', api])).code).toBe(2);
    expect((await bedcast(['results', 'sim-ffffffffffffffffffffffff', '--api', api])).code).toBe(2);

    const bad = await bedcast(['run', '--preset', 'small-hospital', '--set', '/bedPolicy/nothing=1', '--api', api]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('/overrides/~1bedPolicy~1nothing');
  });

  it('runs a file shaped like the README request body, with --set on its inline scenario, kept as a change', async () => {
    const requestFile = path.join(dir, 'request.json');
    writeFileSync(requestFile, JSON.stringify({ scenario: smallHospital.scenario, iterations: 30, seed: 4 }));
    const r = await bedcast([
      'run',
      '--scenario',
      requestFile,
      '--set',
      '/bedPolicy/targetOccupancy=0.9',
      '--seed',
      '5',
      '--wait',
      '--json',
      '--api',
      api,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    // The file's iterations, the command line's seed, and the override as a change of the inline scenario.
    expect(run).toMatchObject({ status: 'succeeded', iterations: 30, seed: 5 });
    const inputs = await readJson(await fetch(`${api}/v1/simulations/${run.id}/scenario`));
    expect(inputs.scenario.bedPolicy.targetOccupancy).toBe(0.9);
    expect(inputs.source.changes).toEqual([
      { pointer: '/bedPolicy/targetOccupancy', from: smallHospital.scenario.bedPolicy.targetOccupancy, to: 0.9 },
    ]);

    const bad = await bedcast([
      'run',
      '--scenario',
      requestFile,
      '--set',
      '/bedPolicy/targetOccupancy=90',
      '--api',
      api,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('/overrides/~1bedPolicy~1targetOccupancy');
  });

  it('a cancelled run has no results: exit code 1, with the reason', async () => {
    const launched = await bedcast([
      'run',
      '--preset',
      'sel-stp-2016',
      '--iterations',
      '50000',
      '--seed',
      '11',
      '--json',
      '--api',
      api,
    ]);
    const run = JSON.parse(launched.stdout);
    expect((await bedcast(['cancel', run.id, '--api', api])).code).toBe(0);
    const results = await bedcast(['results', run.id, '--api', api]);
    expect(results.code).toBe(1);
    expect(results.stderr).toContain('409');
    let status: Awaited<ReturnType<typeof bedcast>> | undefined;
    for (let i = 0; i < 100; i++) {
      status = await bedcast(['status', run.id, '--api', api]);
      if (/cancelled/.test(status.stdout)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status!.stdout).toContain('cancelled');
    expect(status!.code).toBe(1);
  }, 60_000);

  it('runs as `npx bedcast` too, through the package bin (bin/bedcast.mjs)', async () => {
    const shim = fileURLToPath(new URL('../../bin/bedcast.mjs', import.meta.url));
    const r = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [shim, 'presets', '--api', api], (error, stdout) =>
        resolve({ code: error ? Number(error.code) : 0, stdout }),
      ),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^small-hospital /m);
  });

  it('says so when the API cannot be reached, with exit code 3', async () => {
    const r = await bedcast(['presets', '--api', 'http://127.0.0.1:1']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cannot reach the bedcast API');
  });
});
