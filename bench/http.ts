/**
 * `npm run bench:http`: GET /v1/simulations/{id}/results on a finished SEL run (1,000
 * iterations), with autocannon on loopback against the real API process (bin/api.ts), printed,
 * never asserted:
 *
 *   JSON      the stored result as it is;
 *   CSV       the tidy long CSV, rendered per request;
 *   304       a revalidation with the current ETag;
 *   JSON, filtered  system rows of one option.
 *
 * Temporal is deliberately unreachable: finished results are served from the result store alone.
 * BENCH_SECONDS and BENCH_CONNECTIONS change the load.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { selStp2016 } from '../models/presets/sel-stp-2016.js';
import { runInProcess } from '../models/run-document.js';
import { FileResultStore } from '../store/file-result-store.js';
import { resultKey } from '../store/run-keys.js';
import { freePort } from '../tests/support/free-port.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-bench-http-'));
  const document = runInProcess({ scenario: selStp2016.scenario, seed: 2016, iterations: 1000, source: { preset: 'sel-stp-2016' } });
  await new FileResultStore(path.join(dataDir, 'results')).put(resultKey(document.result.runId), document.bytes);
  const port = await freePort();
  const api: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../bin/api.ts', import.meta.url))], {
    env: { ...process.env, API_PORT: String(port), BEDCAST_DATA_DIR: dataDir, TEMPORAL_ADDRESS: '127.0.0.1:1', LOG_LEVEL: 'silent', API_TOKENS: '', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    api.once('message', () => resolve());
    api.once('exit', (code) => reject(new Error(`API exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}/v1/simulations/${document.result.runId}/results`;
  const etag = `"${document.sha256}"`;
  console.log(`node ${process.version}, ${os.availableParallelism()} cores, ${CONNECTIONS} connections, ${SECONDS} s each; result ${(document.bytes.length / 1024).toFixed(0)} KiB (${document.result.cells.length} cells)`);
  console.log(['response'.padEnd(18), 'req/s'.padStart(8), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'MiB/s'.padStart(8), 'non-2xx/3xx'.padStart(12)].join(' '));
  try {
    for (const [label, target, headers] of [
      ['JSON', url, {}],
      ['CSV', `${url}?format=csv`, {}],
      ['304 (If-None-Match)', url, { 'if-none-match': etag }],
      ['JSON, filtered', `${url}?site=system&option=all-levers`, {}],
    ] as const) {
      const r = await autocannon({ url: target, headers, connections: CONNECTIONS, duration: SECONDS });
      const bad = r.non2xx - (label.startsWith('304') ? r.statusCodeStats?.['304']?.count ?? 0 : 0) + r.errors + r.timeouts;
      console.log([label.padEnd(18), r.requests.average.toFixed(0).padStart(8), String(r.latency.p50).padStart(8), String(r.latency.p99).padStart(8), (r.throughput.average / 2 ** 20).toFixed(1).padStart(8), String(bad).padStart(12)].join(' '));
    }
  } finally {
    api.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
