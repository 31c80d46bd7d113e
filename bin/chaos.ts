/**
 * `npm run chaos`: many small runs through the real stack on loopback (a Temporal dev server with
 * its SQLite file, two worker processes, the API process) with a fault injected into each:
 *
 *   worker-kill     SIGKILL one or two worker processes mid-run, start replacements;
 *   server-restart  SIGKILL the dev server and start it again on the same database;
 *   api-kill        SIGKILL the API while a launch is in flight; the client retries with the same
 *                   Idempotency-Key once a new API process answers;
 *   network-cut     a TCP proxy between workers and server drops every connection and refuses
 *                   new ones for three seconds;
 *   runaway         a careless user's typo (growth of 1 read as 100% a year, 18 years): posted to
 *                   the API it must be refused (422 naming /growth/0/ratePerYear); started on
 *                   Temporal behind the API's back it must fail (RunTooBig) within 30 s, not hang
 *                   the workers;
 *   cancel-storm    five more runs launched and all cancelled at once; each must end cancelled
 *                   within 10 s.
 *
 * For every run: did it complete, is its result byte-identical to the fault-free result of the
 * same inputs (computed in this process), how many workflow executions its id has (must be one),
 * and how long from the fault to completion; for runaway and cancel-storm also whether anything
 * they started hung. Prints a table and a JSON summary; exits non-zero on any lost run, changed
 * result, duplicate execution or hung run.
 *
 *   npm run chaos                 4 runs, one per fault (CI's short mode, about a minute)
 *   npm run chaos -- --runs 100   the full mode for RELIABILITY.md
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { RUNAWAY_YEARS, twoHospitals } from '../harness/runaway-scenarios.js';
import { MODEL_VERSION } from '../models/model-version.js';
import { selStp2016 } from '../models/presets/sel-stp-2016.js';
import { runInProcess } from '../models/run-document.js';
import { sha256Hex } from '../models/run-identity.js';
import { startApiProcess } from '../harness/api-process.js';
import { freePort } from '../harness/free-port.js';
import { spawnWorker, type WorkerProcess } from '../harness/worker-process.js';
import { SIMULATION_WORKFLOW } from '../orchestration/temporal-contract.js';
import { findTemporalCli, TEMPORAL_CLI_INSTALL_HINT } from './temporal-cli.js';
import { type DevServer, startDevServer } from './temporal-dev-server.js';

export const FAULTS = ['worker-kill', 'server-restart', 'api-kill', 'network-cut', 'runaway', 'cancel-storm'] as const;
export type Fault = (typeof FAULTS)[number];

export interface RunOutcome {
  run: number;
  fault: Fault;
  /** How many times the fault was injected (worker kills: one or two). */
  injected: number;
  completed: boolean;
  changed: boolean;
  executions: number;
  /** Seconds from the (first) fault to the run's completion. */
  recoverySeconds: number;
  /** Runs the fault started that did not end as they must in time (runaway, cancel-storm). */
  hung: number;
  error?: string;
}

const ITERATIONS = 300;
const RUN_TIMEOUT_MS = 180_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP proxy that can drop every connection and refuse new ones for a while. */
async function startProxy(
  targetPort: number,
): Promise<{ port: number; cut(ms: number): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return client.destroy();
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    async cut(ms: number) {
      refusing = true;
      for (const s of sockets) s.destroy();
      await sleep(ms);
      refusing = false;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The issue-15 typo: two hospitals, growth of 1 (meant as 1%), demand doubling each year, over enough years to run away. */
function runawayScenario() {
  return { ...twoHospitals(1, RUNAWAY_YEARS), id: 'chaos-runaway' };
}

async function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

export async function chaos(options: { runs: number; log?: (line: string) => void }): Promise<RunOutcome[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const cli = findTemporalCli();
  if (!cli) throw new Error(TEMPORAL_CLI_INSTALL_HINT);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-chaos-'));
  const serverPort = await freePort();
  const serverOptions = { cliPath: cli.path, port: serverPort, dbFilename: path.join(dir, 'temporal.db') };
  let server: DevServer = await startDevServer(serverOptions);
  const proxy = await startProxy(serverPort);
  const taskQueue = 'chaos';
  const workerOptions = { address: `127.0.0.1:${proxy.port}`, taskQueue, dataDir: dir };
  const workers: WorkerProcess[] = [spawnWorker(workerOptions), spawnWorker(workerOptions)];
  await Promise.all(workers.map((w) => w.ready));
  const apiPort = await freePort();
  const apiEnv = {
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    BEDCAST_DATA_DIR: dir,
    DATABASE_URL: '',
  };
  let api = await startApiProcess(apiPort, apiEnv);
  const base = `http://127.0.0.1:${apiPort}`;
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const outcomes: RunOutcome[] = [];

  /** GET or POST that rides out an API or Temporal that is briefly away. */
  const patiently = async (url: string, init?: RequestInit): Promise<Response> => {
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    for (;;) {
      try {
        const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
        if (res.status !== 503) return res;
      } catch {
        // connection refused or reset: the API is restarting
      }
      if (Date.now() > deadline) throw new Error(`gave up on ${url}`);
      await sleep(250);
    }
  };

  try {
    for (let i = 0; i < options.runs; i++) {
      const fault = FAULTS[i % FAULTS.length]!;
      const seed = 7000 + i;
      const expected = runInProcess({
        scenario: selStp2016.scenario,
        seed,
        iterations: ITERATIONS,
        source: { preset: 'sel-stp-2016' },
      }).sha256;
      const launch = () =>
        patiently(`${base}/v1/simulations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `chaos-${dir.slice(-6)}-${i}` },
          body: JSON.stringify({ preset: 'sel-stp-2016', iterations: ITERATIONS, seed }),
        });
      const outcome: RunOutcome = {
        run: i,
        fault,
        injected: 0,
        completed: false,
        changed: false,
        executions: 0,
        recoverySeconds: 0,
        hung: 0,
      };
      let faultAt = Date.now();
      let id: string;
      try {
        if (fault === 'api-kill') {
          // The launch is in flight when the API dies; the client retries with the same key.
          const inFlight = fetch(`${base}/v1/simulations`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': `chaos-${dir.slice(-6)}-${i}` },
            body: JSON.stringify({ preset: 'sel-stp-2016', iterations: ITERATIONS, seed }),
          }).catch(() => undefined);
          await sleep(Math.floor(Math.random() * 40));
          faultAt = Date.now();
          await killed(api);
          outcome.injected = 1;
          await inFlight;
          api = await startApiProcess(apiPort, apiEnv);
          id = ((await (await launch()).json()) as { id: string }).id;
        } else {
          id = ((await (await launch()).json()) as { id: string }).id;
          await sleep(300 + Math.floor(Math.random() * 1200));
          faultAt = Date.now();
          if (fault === 'worker-kill') {
            const kills = 1 + Math.floor(Math.random() * 2);
            for (let k = 0; k < kills; k++) {
              const victim = workers.splice(Math.floor(Math.random() * workers.length), 1)[0]!;
              victim.child.kill('SIGKILL');
              await victim.exited;
              outcome.injected++;
              const replacement = spawnWorker(workerOptions);
              workers.push(replacement);
              await replacement.ready;
            }
          } else if (fault === 'server-restart') {
            server.process.kill('SIGKILL');
            await new Promise((r) => server.process.once('exit', r));
            outcome.injected = 1;
            await sleep(500);
            server = await startDevServer(serverOptions);
          } else if (fault === 'runaway') {
            const refused = await patiently(`${base}/v1/simulations`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ scenario: runawayScenario(), iterations: 20, seed }),
            });
            const body = (await refused.json()) as { errors?: { pointer: string }[] };
            if (refused.status !== 422 || !body.errors?.some((e) => e.pointer.endsWith('/growth/0/ratePerYear')))
              throw new Error(`the runaway scenario was not refused: ${refused.status} ${JSON.stringify(body)}`);
            // Behind the API's back, straight on Temporal: it must fail, not hold the workers.
            const handle = await client.workflow.start(SIMULATION_WORKFLOW, {
              taskQueue,
              // A run id as the API makes them: store keys are lower-case.
              workflowId: `sim-${randomBytes(12).toString('hex')}`,
              args: [{ scenario: runawayScenario(), seed, iterations: 20, modelVersion: MODEL_VERSION, source: {} }],
            });
            outcome.injected = 2;
            const ended = await Promise.race([
              handle.result().then(
                () => 'succeeded',
                (err: unknown) => (err as { cause?: { cause?: { type?: string } } }).cause?.cause?.type ?? 'failed',
              ),
              sleep(30_000).then(() => 'hung'),
            ]);
            if (ended !== 'RunTooBig') {
              outcome.hung++;
              outcome.error = `the runaway run ended ${ended}`;
              await handle.terminate('chaos: runaway did not end').catch(() => undefined);
            }
          } else if (fault === 'cancel-storm') {
            const ids = await Promise.all(
              [1, 2, 3, 4, 5].map(async (k) => {
                const res = await patiently(`${base}/v1/simulations`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ preset: 'small-hospital', iterations: 2000, seed: seed * 10 + k }),
                });
                return ((await res.json()) as { id: string }).id;
              }),
            );
            await sleep(Math.floor(Math.random() * 1000));
            const asked = Date.now();
            await Promise.all(ids.map((other) => patiently(`${base}/v1/simulations/${other}`, { method: 'DELETE' })));
            outcome.injected = ids.length;
            for (const other of ids) {
              let ended = 'running';
              while (Date.now() - asked < 10_000) {
                ended = ((await (await patiently(`${base}/v1/simulations/${other}`)).json()) as { status: string })
                  .status;
                if (!['queued', 'running'].includes(ended)) break;
                await sleep(200);
              }
              // A run that had finished before its cancel came is fine; one still in flight is not.
              if (ended !== 'cancelled' && ended !== 'succeeded') outcome.hung++;
            }
            if (outcome.hung > 0) outcome.error = `${outcome.hung} cancelled runs did not end within 10 s`;
          } else {
            outcome.injected = 1;
            await proxy.cut(3_000);
          }
        }
        // Wait for the run to end, then compare its bytes with the fault-free ones.
        const deadline = Date.now() + RUN_TIMEOUT_MS;
        let status = 'queued';
        while (Date.now() < deadline) {
          const res = await patiently(`${base}/v1/simulations/${id}`);
          status = ((await res.json()) as { status: string }).status;
          if (!['queued', 'running'].includes(status)) break;
          await sleep(200);
        }
        outcome.recoverySeconds = Math.round((Date.now() - faultAt) / 100) / 10;
        outcome.completed = status === 'succeeded';
        if (outcome.completed) {
          const bytes = new Uint8Array(await (await patiently(`${base}/v1/simulations/${id}/results`)).arrayBuffer());
          outcome.changed = sha256Hex(bytes) !== expected;
        } else outcome.error = outcome.error ?? `ended ${status}`;
        outcome.executions = (await client.workflow.count(`WorkflowId = '${id}'`)).count;
      } catch (err) {
        outcome.error = err instanceof Error ? err.message : String(err);
      }
      outcomes.push(outcome);
      log(
        `run ${String(i + 1).padStart(3)}  ${fault.padEnd(15)} x${outcome.injected}  ${outcome.completed ? 'completed' : 'LOST     '}  ${outcome.changed ? 'CHANGED' : 'same   '}  executions ${outcome.executions}${outcome.hung ? `  HUNG ${outcome.hung}` : ''}  recovered in ${outcome.recoverySeconds.toFixed(1)} s${outcome.error ? `  (${outcome.error})` : ''}`,
      );
    }
  } finally {
    await connection.close().catch(() => undefined);
    await killed(api).catch(() => undefined);
    await Promise.all(workers.map((w) => w.stop()));
    await proxy.close();
    await server.stop();
  }
  return outcomes;
}

export interface ChaosSummary {
  runs: number;
  faults: Record<Fault, number>;
  lost: number;
  changed: number;
  duplicateExecutions: number;
  /** Runs a fault started that did not end as they must in time (a runaway, a cancel storm's). */
  hung: number;
  recoverySeconds: { p50: number; p95: number; max: number };
  /** With no failures in n runs, the failure rate is below about 3/n at 95% confidence (rule of three). */
  failureRateBound95: number;
}

export function summarise(outcomes: RunOutcome[]): ChaosSummary {
  const sorted = outcomes.map((o) => o.recoverySeconds).sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
  const faults = Object.fromEntries(
    FAULTS.map((f) => [f, outcomes.filter((o) => o.fault === f).reduce((n, o) => n + o.injected, 0)]),
  ) as Record<Fault, number>;
  const lost = outcomes.filter((o) => !o.completed).length;
  const changed = outcomes.filter((o) => o.changed).length;
  const duplicateExecutions = outcomes.reduce((n, o) => n + Math.max(0, o.executions - 1), 0);
  const hung = outcomes.reduce((n, o) => n + o.hung, 0);
  return {
    runs: outcomes.length,
    faults,
    lost,
    changed,
    duplicateExecutions,
    hung,
    recoverySeconds: { p50: q(0.5), p95: q(0.95), max: sorted.at(-1) ?? 0 },
    failureRateBound95:
      lost + changed + duplicateExecutions + hung === 0 && outcomes.length > 0
        ? Math.round((3 / outcomes.length) * 1000) / 1000
        : Number.NaN,
  };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: String(FAULTS.length) } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`--runs must be a positive whole number, got ${values.runs}`);
    process.exit(2);
  }
  const started = Date.now();
  console.log(
    `chaos: ${runs} runs of the SEL preset (${ITERATIONS} iterations each), faults in turn: ${FAULTS.join(', ')}`,
  );
  chaos({ runs })
    .then((outcomes) => {
      const summary = summarise(outcomes);
      console.log(JSON.stringify({ ...summary, wallSeconds: Math.round((Date.now() - started) / 1000) }, null, 2));
      process.exit(summary.lost + summary.changed + summary.duplicateExecutions + summary.hung === 0 ? 0 : 1);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
