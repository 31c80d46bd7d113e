/**
 * `npm run fixtures:histories`: records this release's workflow histories, which the replay test
 * checks the current workflow code against (tests/fixtures/histories/this-release/). When to run
 * it, and when its output moves to previous-release/, is docs/upgrade-policy.md; never to make a
 * failing replay test pass.
 *
 * It starts its own dev server, runs a worker in this process, and records one history per
 * path through the workflow: a run that succeeds (explicit chunks; default chunks with the
 * summary in parts; a small run on the interactive queue), one whose scenario is invalid, one
 * cancelled, one whose shard fails for good while the fan-out waits for a free slot. Names on the
 * command line record only those.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createSimulationWorker } from '../worker/simulation-worker.js';
import { compileScenario } from '../models/engine.js';
import { MODEL_VERSION } from '../models/model-version.js';
import { smallHospital } from '../models/presets/small-hospital.js';
import type { RunInput } from '../orchestration/run-input.js';
import { FileResultStore } from '../store/file-result-store.js';
import { iterationBlockBytes, sealIterationBlock } from '../store/iteration-block-format.js';
import { blockKey } from '../store/run-keys.js';
import { SIMULATION_WORKFLOW } from '../orchestration/temporal-contract.js';
import { findTemporalCli, TEMPORAL_CLI_INSTALL_HINT } from './temporal-cli.js';
import { startDevServer } from './temporal-dev-server.js';

// Histories of this release's workflow code; docs/upgrade-policy.md says when they move to
// previous-release/ (at a release) and when those are dropped.
const OUT = fileURLToPath(new URL('../tests/fixtures/histories/this-release/', import.meta.url));
const TASK_QUEUE = 'capture-histories';

async function main(): Promise<void> {
  const cli = findTemporalCli();
  if (!cli) throw new Error(TEMPORAL_CLI_INSTALL_HINT);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  mkdirSync(OUT, { recursive: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-capture-'));
  const server = await startDevServer({ cliPath: cli.path, port: 7390 });
  const native = await NativeConnection.connect({ address: server.address });
  const store = new FileResultStore(dir);
  const worker = await createSimulationWorker({ connection: native, taskQueue: TASK_QUEUE, store });
  const running = worker.run();
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const start = (workflowId: string, input: RunInput) =>
    client.workflow.start(SIMULATION_WORKFLOW, { taskQueue: TASK_QUEUE, workflowId, args: [input] });
  const base = {
    scenario: smallHospital.scenario as Record<string, unknown>,
    seed: 5,
    modelVersion: MODEL_VERSION,
    source: { preset: 'small-hospital' },
  };
  const save = async (name: string, handle: WorkflowHandle) => {
    await handle.result().catch(() => undefined);
    writeFileSync(path.join(OUT, `${name}.json`), `${historyToJSON(await handle.fetchHistory())}\n`);
    console.log(`wrote ${name}.json`);
  };
  // `npm run fixtures:histories -- NAME...` records only those.
  const only = process.argv.slice(2);
  const wanted = (name: string) => only.length === 0 || only.includes(name);
  try {
    if (wanted('succeeded'))
      await save(
        'succeeded',
        await start('history-succeeded', {
          ...base,
          iterations: 24,
          execution: { shardSize: 8, chunkSize: 4, maxConcurrentShards: 2 },
        }),
      );
    // The default chunk size and a summary in two parts.
    if (wanted('succeeded-in-parts'))
      await save(
        'succeeded-in-parts',
        await start('history-succeeded-in-parts', {
          ...base,
          iterations: 24,
          execution: { shardSize: 8, maxConcurrentShards: 2, summaryParts: 2 },
        }),
      );
    // A small run: prepare, shards and summary on the interactive queue, progress in the memo.
    if (wanted('succeeded-interactive'))
      await save(
        'succeeded-interactive',
        await start('history-succeeded-interactive', {
          ...base,
          iterations: 24,
          execution: { shardSize: 8, maxConcurrentShards: 2 },
        }),
      );
    if (wanted('invalid-scenario'))
      await save(
        'invalid-scenario',
        await start('history-invalid', {
          ...base,
          scenario: { ...base.scenario, bedPolicy: { targetOccupancy: 5, riskTarget: 0.01 } },
          iterations: 10,
        }),
      );
    // Shard 2 of 6 fails for good (NotReproduced: its chunk is stored already, with other figures)
    // while shards 2 and 3 fill the window of 2 and the workflow waits to schedule shard 4.
    if (wanted('shard-failed')) {
      const stride = compileScenario(smallHospital.scenario).stride;
      const others = new Uint8Array(iterationBlockBytes(4 * stride));
      await store.put(blockKey('history-shard-failed', 8, 4), sealIterationBlock(others));
      await save(
        'shard-failed',
        await start('history-shard-failed', {
          ...base,
          iterations: 24,
          execution: { shardSize: 4, chunkSize: 4, maxConcurrentShards: 2 },
        }),
      );
    }
    if (wanted('cancelled')) {
      const cancelled = await start('history-cancelled', {
        ...base,
        iterations: 20_000,
        execution: { shardSize: 1000, maxConcurrentShards: 1 },
      });
      await new Promise((r) => setTimeout(r, 1_500));
      await cancelled.cancel();
      await save('cancelled', cancelled);
    }
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await native.close();
    await server.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
