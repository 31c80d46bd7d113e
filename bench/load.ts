/**
 * `npm run load`: load on the real stack on loopback (dev server, two worker processes, the API
 * process), printed, never asserted in a test:
 *
 *   launches  50 clients launch 500 small runs (the small-hospital preset, 20 iterations, each
 *             with its own seed) as fast as the API takes them;
 *   drain     every launched run must succeed: none lost;
 *   fetches   50 clients fetch finished results (JSON) for 20 s;
 *   soak      then 10 minutes (SOAK_SECONDS) of steady mixed traffic: a launch a second, results
 *             fetches in between; resident memory of the API and the workers at the soak's start
 *             and end.
 *
 * Reports requests per second, p50/p99 latency and the non-2xx breakdown for each phase.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { findTemporalCli, TEMPORAL_CLI_INSTALL_HINT } from '../bin/temporal-cli.js';
import { startDevServer } from '../bin/temporal-dev-server.js';
import { rssMiB, startApiProcess } from '../harness/api-process.js';
import { freePort } from '../harness/free-port.js';
import { spawnWorker } from '../harness/worker-process.js';

const LAUNCHES = Number(process.env.LOAD_LAUNCHES ?? 500);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function line(label: string, r: autocannon.Result): string {
  const codes = Object.entries(r.statusCodeStats ?? {})
    .map(([code, s]) => `${code}x${s.count}`)
    .join(' ');
  return `${label.padEnd(10)} ${String(r.requests.total).padStart(7)} requests  ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(5)} ms  statuses ${codes}  errors ${r.errors}  timeouts ${r.timeouts}`;
}

async function main(): Promise<void> {
  const cli = findTemporalCli();
  if (!cli) throw new Error(TEMPORAL_CLI_INSTALL_HINT);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-load-'));
  const server = await startDevServer({
    cliPath: cli.path,
    port: await freePort(),
    dbFilename: path.join(dir, 'temporal.db'),
  });
  const workers = [1, 2].map(() => spawnWorker({ address: server.address, taskQueue: 'load', dataDir: dir }));
  await Promise.all(workers.map((w) => w.ready));
  const port = await freePort();
  const api = await startApiProcess(port, {
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: 'load',
    BEDCAST_DATA_DIR: dir,
    DATABASE_URL: '',
  });
  const base = `http://127.0.0.1:${port}`;
  console.log(
    `node ${process.version}, ${os.availableParallelism()} cores; ${CLIENTS} clients; API and 2 worker processes on one dev server`,
  );
  let seed = 0;
  const launchRequest = () => ({
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ preset: 'small-hospital', iterations: 20, seed: ++seed }),
  });
  const ids = new Set<string>();
  try {
    const launches = await autocannon({
      url: `${base}/v1/simulations`,
      connections: CLIENTS,
      amount: LAUNCHES,
      requests: [
        {
          setupRequest: (req) => ({ ...req, ...launchRequest() }),
          onResponse: (status, body) => status === 202 && ids.add((JSON.parse(body) as { id: string }).id),
        },
      ],
    });
    console.log(line('launches', launches));

    // Drain: every launched run must end, and succeed.
    const started = Date.now();
    const pending = new Set(ids);
    while (pending.size > 0 && Date.now() - started < 900_000) {
      for (const id of [...pending]) {
        const run = (await (await fetch(`${base}/v1/simulations/${id}`)).json()) as { status: string };
        if (run.status === 'succeeded') pending.delete(id);
        else if (run.status === 'failed' || run.status === 'cancelled') throw new Error(`run ${id} ${run.status}`);
      }
      if (pending.size > 0) await sleep(1000);
    }
    console.log(
      `drain      ${ids.size} distinct runs launched, ${ids.size - pending.size} succeeded, ${pending.size} lost, in ${Math.round((Date.now() - started) / 1000)} s after the last launch`,
    );

    const finished = [...ids];
    let k = 0;
    const fetches = await autocannon({
      url: base,
      connections: CLIENTS,
      duration: 20,
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            method: 'GET',
            path: `/v1/simulations/${finished[k++ % finished.length]}/results`,
          }),
        },
      ],
    });
    console.log(line('fetches', fetches));

    // Soak: steady mixed traffic; memory at the start and at the end.
    const pids = { api: api.pid!, workers: workers.map((w) => w.child.pid!) };
    const rss = () => `API ${rssMiB(pids.api)} MiB, workers ${pids.workers.map(rssMiB).join(' and ')} MiB`;
    const atStart = rss();
    const soakIds: string[] = [];
    const soak = await autocannon({
      url: base,
      connections: 10,
      duration: SOAK_SECONDS,
      overallRate: 20,
      requests: [
        {
          setupRequest: (req) =>
            k++ % 20 === 0
              ? { ...req, ...launchRequest(), path: '/v1/simulations' }
              : {
                  ...req,
                  method: 'GET',
                  path: `/v1/simulations/${finished[k % finished.length]}/results`,
                  body: undefined,
                  headers: {},
                },
          onResponse: (status, body) => status === 202 && soakIds.push((JSON.parse(body) as { id: string }).id),
        },
      ],
    });
    console.log(line('soak', soak));
    await sleep(5_000);
    let lost = 0;
    for (const id of soakIds) {
      for (let i = 0; i < 120; i++) {
        const run = (await (await fetch(`${base}/v1/simulations/${id}`)).json()) as { status: string };
        if (run.status === 'succeeded') break;
        if (i === 119 || run.status === 'failed' || run.status === 'cancelled') lost++;
        await sleep(500);
      }
    }
    console.log(
      `soak       ${SOAK_SECONDS} s, ${soakIds.length} launches, ${lost} lost; memory at start: ${atStart}; at end: ${rss()}`,
    );
  } finally {
    api.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.stop()));
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
