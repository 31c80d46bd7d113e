/**
 * `npm run bench:temporal`: the same SEL preset run (10,000 iterations, seed 2016) several ways,
 * printed side by side, never asserted:
 *
 *   in-process         one pass of the engine and the summary in a fresh process (the reference);
 *   in-process, warm   the same, repeated in this one process: JIT-compiled code and a grown heap
 *                      from the runs before (shown, not the reference: no worker starts warm);
 *   1 worker           through a Temporal dev server with one fresh worker process;
 *   2 workers          the same with two fresh worker processes.
 *
 * Wall times are from start to the result (the Temporal rows include planning, shard activities,
 * blocks written to and read from the file store, and the summary), the median of BENCH_REPEATS
 * runs (3). Every Temporal run is on fresh worker processes, loading one prebuilt workflow bundle
 * as `npm start` gives them. Every run must give the same result hash; the bench says so or exits
 * non-zero. BENCH_ITERATIONS changes the size.
 *
 * `npm run bench:temporal -- --limits` instead runs the SEL preset at 100,000 iterations (all
 * options) on two workers and prints what Temporal holds for it: history events and bytes, and
 * the largest payload in the history, against the 10 MB and 256 KB budgets.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { writeWorkflowBundle } from '../worker/workflow-bundle.js';
import { findTemporalCli, TEMPORAL_CLI_INSTALL_HINT } from '../bin/temporal-cli.js';
import { startDevServer } from '../bin/temporal-dev-server.js';
import { MODEL_VERSION } from '../models/model-version.js';
import { selStp2016 } from '../models/presets/sel-stp-2016.js';
import { runInProcess } from '../models/run-document.js';
import type { RunInput, RunSummary } from '../orchestration/run-input.js';
import { spawnWorker } from '../harness/worker-process.js';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 10_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
const input = {
  scenario: selStp2016.scenario as Record<string, unknown>,
  seed: 2016,
  iterations: ITERATIONS,
  modelVersion: MODEL_VERSION,
  source: { preset: 'sel-stp-2016' },
} satisfies RunInput;

async function limits(): Promise<void> {
  const cli = findTemporalCli();
  if (!cli) throw new Error(TEMPORAL_CLI_INSTALL_HINT);
  const iterations = Number(process.env.BENCH_ITERATIONS ?? 100_000);
  console.log(
    `node ${process.version}, SEL preset (all options), ${iterations.toLocaleString('en-GB')} iterations, two workers, ${new Date().toISOString()}`,
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-limits-'));
  const server = await startDevServer({
    cliPath: cli.path,
    port: 7392,
    extraArgs: ['--dynamic-config-value', 'limit.blobSize.error=262144'],
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const procs = [1, 2].map(() => spawnWorker({ address: server.address, taskQueue: 'limits', dataDir: dir }));
  try {
    await Promise.all(procs.map((p) => p.ready));
    const started = performance.now();
    const handle = await client.workflow.start('simulationWorkflow', {
      taskQueue: 'limits',
      workflowId: `limits-${Date.now()}`,
      args: [{ ...input, iterations } satisfies RunInput],
    });
    const summary = (await handle.result()) as RunSummary;
    const seconds = (performance.now() - started) / 1000;
    const history = await handle.fetchHistory();
    const description = await handle.describe();
    let largest = 0;
    for (const event of history.events ?? []) {
      const attributes = Object.values(event as Record<string, unknown>).find(
        (v) => v && typeof v === 'object' && !Array.isArray(v) && ('input' in v || 'result' in v || 'details' in v),
      );
      for (const field of ['input', 'result', 'details'] as const) {
        const payloads =
          (attributes as Record<string, { payloads?: { data?: Uint8Array | null }[] } | undefined> | undefined)?.[field]
            ?.payloads ?? [];
        for (const p of payloads) largest = Math.max(largest, p.data?.length ?? 0);
      }
    }
    const bytes = Number(description.raw.workflowExecutionInfo?.historySizeBytes ?? 0);
    console.log(
      `done in ${seconds.toFixed(0)} s: ${summary.shards} shards, result ${(summary.resultBytes / 2 ** 20).toFixed(2)} MiB in the store (sha256 ${summary.resultSha256.slice(0, 16)})`,
    );
    console.log(
      `history: ${history.events?.length} events, ${(bytes / 2 ** 10).toFixed(0)} KiB (budget 10 MB); largest payload ${(largest / 2 ** 10).toFixed(1)} KiB (budget 256 KiB)`,
    );
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
    await connection.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--limits')) return limits();
  const cli = findTemporalCli();
  if (!cli) throw new Error(TEMPORAL_CLI_INSTALL_HINT);
  console.log(
    `node ${process.version}, ${os.availableParallelism()} cores, SEL preset, ${ITERATIONS.toLocaleString('en-GB')} iterations, ${new Date().toISOString()}`,
  );

  // Each row is the median of REPEATS runs: the machine is shared and single runs vary by 10%.
  const fresh = Array.from({ length: REPEATS }, () => inFreshProcess());
  const inProcess = median(fresh.map((run) => run.seconds));
  const warmTimes: number[] = [];
  let warm!: ReturnType<typeof runInProcess>;
  // One untimed run first, so each timed one follows another in the same process.
  for (let r = 0; r <= REPEATS; r++) {
    const t0 = performance.now();
    warm = runInProcess(input);
    if (r > 0) warmTimes.push((performance.now() - t0) / 1000);
  }

  const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-bench-'));
  const workflowBundle = await writeWorkflowBundle(dir);
  const server = await startDevServer({ cliPath: cli.path, port: 7391 });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const rows: { label: string; seconds: number; runs: number[]; sha256: string }[] = [
    {
      label: 'in-process (fresh process)',
      seconds: inProcess,
      runs: fresh.map((run) => run.seconds),
      sha256: [...new Set(fresh.map((run) => run.sha256))].join(','),
    },
    { label: 'in-process, warm', seconds: median(warmTimes), runs: warmTimes, sha256: warm.sha256 },
  ];
  try {
    for (const workers of [1, 2]) {
      const taskQueue = `bench-${workers}`;
      const times: number[] = [];
      const hashes = new Set<string>();
      let shards = 0;
      for (let r = 0; r < REPEATS; r++) {
        // Fresh processes per run: no run inherits another's compiled scenario or warm caches.
        const procs = Array.from({ length: workers }, () =>
          spawnWorker({ address: server.address, taskQueue, dataDir: dir, workflowBundle }),
        );
        await Promise.all(procs.map((p) => p.ready));
        const started = performance.now();
        const summary = await client.workflow.execute<(i: RunInput) => Promise<RunSummary>>('simulationWorkflow', {
          taskQueue,
          workflowId: `bench-${workers}-${r}-${Date.now()}`,
          args: [input],
        });
        times.push((performance.now() - started) / 1000);
        hashes.add(summary.resultSha256);
        shards = summary.shards;
        await Promise.all(procs.map((p) => p.stop()));
      }
      rows.push({
        label: `Temporal, ${workers} worker${workers > 1 ? 's' : ''} (${shards} shards)`,
        seconds: median(times),
        runs: times,
        sha256: [...hashes].join(','),
      });
    }
  } finally {
    await connection.close();
    await server.stop();
  }

  console.log(
    [
      'run'.padEnd(32),
      'median s'.padStart(8),
      'vs in-process'.padStart(14),
      'vs 1 worker'.padStart(12),
      '  result sha256    ',
      'runs (s)',
    ].join(' '),
  );
  const one = rows[2]!.seconds;
  for (const r of rows) {
    console.log(
      [
        r.label.padEnd(32),
        r.seconds.toFixed(2).padStart(8),
        (r.seconds / inProcess).toFixed(2).padStart(14),
        r.label.startsWith('in-') ? ''.padStart(12) : (r.seconds / one).toFixed(2).padStart(12),
        ` ${r.sha256.slice(0, 16)}  `,
        r.runs.map((t) => t.toFixed(2)).join(' '),
      ].join(' '),
    );
  }
  console.log(
    `targets: 1 worker <= 1.15 x in-process (got ${(one / inProcess).toFixed(2)}; ${(one / rows[1]!.seconds).toFixed(2)} against the warm run); 2 workers <= 0.60 x 1 worker (got ${(rows[3]!.seconds / one).toFixed(2)})`,
  );
  if (new Set(rows.map((r) => r.sha256)).size !== 1) {
    console.error('RESULTS DIFFER between rows: reproducibility is broken');
    process.exit(1);
  }
  console.log('all rows give the identical result');
}

/** One in-process run in a fresh process (bench/in-process-run.ts). */
function inFreshProcess(): { seconds: number; sha256: string } {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./in-process-run.ts', import.meta.url)), String(ITERATIONS)],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as { seconds: number; sha256: string };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
