/**
 * `npm start` as a newcomer runs it: the build (what prestart runs), then the compiled launcher
 * brings up Temporal, a worker and the API, prints the URLs, launches the example run, and on
 * SIGTERM stops everything it started.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findTemporalCli } from '../../bin/temporal-cli.js';
import { freePort } from '../../harness/free-port.js';
import { selStp2016 } from '../../models/presets/sel-stp-2016.js';
import { runInProcess } from '../../models/run-document.js';
import { sha256Hex } from '../../models/run-identity.js';
import { readJson } from '../support/read-json.js';
import { hasTemporal } from '../support/temporal-test-env.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function processesOf(dataDir: string, pids: number[]): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .filter((line) => line.includes(dataDir) || pids.includes(Number(line.trim().split(/\s+/)[0])));
}

describe.skipIf(!hasTemporal())('npm start', () => {
  it('starts the stack, runs the example, and stops with nothing left running', async () => {
    // The engine's bytes for the example, worked out first: the in-process run holds this
    // process for seconds, and a keep-alive socket to the API left idle that long is closed by the
    // server and fails the next request ("other side closed").
    const expected = runInProcess({
      scenario: selStp2016.scenario,
      seed: 2016,
      iterations: 1000,
      source: { preset: 'sel-stp-2016' },
    });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-start-'));
    const [temporalPort, uiPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
    const launcher: ChildProcess = spawn(process.execPath, [path.join(root, 'dist/bin/start.js')], {
      cwd: root,
      env: {
        ...process.env,
        TEMPORAL_CLI_PATH: findTemporalCli()!.path,
        TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
        TEMPORAL_UI_PORT: String(uiPort),
        API_PORT: String(apiPort),
        BEDCAST_DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    launcher.stdout!.on('data', (d) => (output += d));
    launcher.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => launcher.once('exit', resolve));
    try {
      const deadline = Date.now() + 90_000;
      while (!/press Ctrl-C to stop/.test(output)) {
        if (Date.now() > deadline || launcher.exitCode !== null)
          throw new Error(`launcher did not come up:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const api = `http://127.0.0.1:${apiPort}`;
      expect(output).toContain(`API:          ${api}`);
      expect(output).toContain(`launch page:  ${api}/`);
      expect(output).toContain(`Temporal UI:  http://127.0.0.1:${uiPort}`);
      expect((await fetch(`${api}/health`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);

      const runUrl = /example run: +(\S+)/.exec(output)![1]!;
      expect(output).toContain(`its report:   ${runUrl}/report`);
      let run;
      for (let i = 0; i < 300; i++) {
        run = await readJson(await fetch(runUrl));
        if (run.status === 'succeeded') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(run.status).toBe('succeeded');
      expect(run).toMatchObject({
        scenario: { id: 'sel-stp-2016', preset: 'sel-stp-2016' },
        iterations: 1000,
        seed: 2016,
      });
      // The example's results are served, and they are the engine's for the same inputs.
      const results = await fetch(`${runUrl}/results`);
      expect(results.status).toBe(200);
      const served = new Uint8Array(await results.arrayBuffer());

      expect(sha256Hex(served)).toBe(expected.sha256);
      const report = await fetch(`${runUrl}/report`);
      expect(report.status).toBe(200);
      expect(await report.text()).toContain('South East London STP 2016');
      // One worker process per core by default.
      expect(output.match(/worker \d+ polling task queue/g)).toHaveLength(os.availableParallelism());

      const pids = processesOf(dataDir, []).map((l) => Number(l.trim().split(/\s+/)[0]));
      expect(pids.length).toBeGreaterThan(0);
      launcher.kill('SIGTERM');
      expect(await exited).toBe(0);
      await new Promise((r) => setTimeout(r, 500));
      expect(processesOf(dataDir, [])).toEqual([]);
      expect(() => process.kill(launcher.pid!, 0)).toThrow();
    } finally {
      // A failed assertion must not leave the stack running: stop whatever is still up.
      if (launcher.exitCode === null && launcher.signalCode === null) launcher.kill('SIGTERM');
      for (const line of processesOf(dataDir, [])) {
        try {
          process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  });
});
