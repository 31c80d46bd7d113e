/**
 * `npm run bench:http`: GET /v1/simulations/{id}/results on a finished SEL run (1,000
 * iterations) against the real API process (bin/api.ts) on loopback, printed, never asserted:
 *
 *   JSON            the stored result as it is (356 KiB);
 *   JSON, gzip      the same to a client that accepts gzip (compressed once, when first made);
 *   CSV             the tidy long CSV (rendered once, then cached), plain and gzip;
 *   304             a revalidation with the current ETag;
 *   JSON, filtered  system rows of one option.
 *
 * The load generator shares the machine's two cores with the API. wrk (Debian package `wrk`) is
 * used where installed: autocannon, the fallback, parses every response in JavaScript and is the
 * bottleneck itself (the API sat 58-77% idle under it; full JSON measured 1,650 requests/s with
 * autocannon and about 5,000 with wrk on the same build). The table says which one ran.
 *
 * Temporal is deliberately unreachable: finished results are served from the result store alone.
 * BENCH_SECONDS and BENCH_CONNECTIONS (50) change the load; BENCH_CLIENT=autocannon forces it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import autocannon from 'autocannon';
import { findExecutable } from '../bin/find-executable.js';
import { selStp2016 } from '../models/presets/sel-stp-2016.js';
import { runInProcess } from '../models/run-document.js';
import { FileResultStore } from '../store/file-result-store.js';
import { resultKey } from '../store/run-keys.js';
import { freePort } from '../harness/free-port.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-bench-http-'));
  const document = runInProcess({
    scenario: selStp2016.scenario,
    seed: 2016,
    iterations: 1000,
    source: { preset: 'sel-stp-2016' },
  });
  await new FileResultStore(path.join(dataDir, 'results')).put(resultKey(document.result.runId), document.bytes);
  const port = await freePort();
  const api: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('../bin/api.ts', import.meta.url))],
    {
      env: {
        ...process.env,
        API_PORT: String(port),
        BEDCAST_DATA_DIR: dataDir,
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        LOG_LEVEL: 'silent',
        API_TOKENS: '',
        DATABASE_URL: '',
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    api.once('message', () => resolve());
    api.once('exit', (code) => reject(new Error(`API exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}/v1/simulations/${document.result.runId}/results`;
  const etag = `"${document.sha256}"`;
  const wrk = process.env.BENCH_CLIENT === 'autocannon' ? undefined : findExecutable('wrk');
  console.log(
    `node ${process.version}, ${os.availableParallelism()} cores, ${CONNECTIONS} connections, ${SECONDS} s each, load from ${wrk ? `wrk (${wrk.path})` : 'autocannon (install wrk for figures that measure the API rather than the client)'}; result ${(document.bytes.length / 1024).toFixed(0)} KiB (${document.result.cells.length} cells)`,
  );
  console.log(
    [
      'response'.padEnd(20),
      'req/s'.padStart(8),
      'p50 ms'.padStart(8),
      'p99 ms'.padStart(8),
      'MiB/s'.padStart(8),
      'non-2xx/3xx'.padStart(12),
    ].join(' '),
  );
  try {
    // A long-running API is warm: three seconds of untimed load first (JIT, socket buffers). The
    // first timed row otherwise carries the warm-up in its tail (p99 about 100 ms against 20).
    if (wrk) runWrk(wrk.path, url, {}, 3);
    else await autocannon({ url, connections: CONNECTIONS, duration: 3 });
    for (const [label, target, headers] of [
      ['JSON', url, {}],
      ['JSON, gzip', url, { 'accept-encoding': 'gzip' }],
      ['CSV', `${url}?format=csv`, {}],
      ['CSV, gzip', `${url}?format=csv`, { 'accept-encoding': 'gzip' }],
      ['304 (If-None-Match)', url, { 'if-none-match': etag }],
      ['JSON, filtered', `${url}?scope=system&option=all-levers`, {}],
    ] as const) {
      // Made once before the timed run, as a report generator's first fetch would.
      await fetch(target, { headers });
      const r = wrk ? runWrk(wrk.path, target, headers) : await runAutocannon(target, headers, label.startsWith('304'));
      console.log(
        [
          label.padEnd(20),
          r.perSecond.toFixed(0).padStart(8),
          r.p50.toFixed(1).padStart(8),
          r.p99.toFixed(1).padStart(8),
          r.mibPerSecond.toFixed(1).padStart(8),
          String(r.bad).padStart(12),
        ].join(' '),
      );
    }
  } finally {
    api.kill('SIGTERM');
  }
}

interface LoadFigures {
  perSecond: number;
  p50: number;
  p99: number;
  mibPerSecond: number;
  /** Responses other than the expected 2xx (or 304), errors and timeouts. */
  bad: number;
}

async function runAutocannon(
  target: string,
  headers: Record<string, string>,
  expect304: boolean,
): Promise<LoadFigures> {
  const r = await autocannon({ url: target, headers, connections: CONNECTIONS, duration: SECONDS });
  const bad = r.non2xx - (expect304 ? (r.statusCodeStats?.['304']?.count ?? 0) : 0) + r.errors + r.timeouts;
  return {
    perSecond: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    mibPerSecond: r.throughput.average / 2 ** 20,
    bad,
  };
}

/** wrk with two threads; its --latency report gives the percentiles, "Non-2xx or 3xx" the failures. */
function runWrk(wrkPath: string, target: string, headers: Record<string, string>, seconds = SECONDS): LoadFigures {
  const args = [
    '-t2',
    `-c${CONNECTIONS}`,
    `-d${seconds}s`,
    '--latency',
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    target,
  ];
  const out = execFileSync(wrkPath, args, { encoding: 'utf8' });
  const ms = (label: string) => {
    const m = out.match(new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm'));
    if (!m) throw new Error(`wrk printed no ${label} latency:\n${out}`);
    return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as const)[m[2] as 'us' | 'ms' | 's'];
  };
  const transfer = out.match(/Transfer\/sec:\s+([\d.]+)(B|KB|MB|GB)/);
  const unit = { B: 2 ** -20, KB: 2 ** -10, MB: 1, GB: 2 ** 10 } as const;
  const non2xx = Number(out.match(/Non-2xx or 3xx responses:\s*(\d+)/)?.[1] ?? 0);
  const socket = out.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const errors = non2xx + (socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0);
  return {
    perSecond: Number(out.match(/Requests\/sec:\s+([\d.]+)/)![1]),
    p50: ms('50%'),
    p99: ms('99%'),
    mibPerSecond: transfer ? Number(transfer[1]) * unit[transfer[2] as keyof typeof unit] : Number.NaN,
    bad: errors,
  };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
