/**
 * Starts one real Temporal dev server for the integration tests and provides its address.
 * With REQUIRE_TEMPORAL=1 a missing binary fails the run; otherwise the server-bound tests are
 * reported as skipped, loudly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { writeWorkflowBundle } from '../../worker/workflow-bundle.js';
import { findTemporalCli, TEMPORAL_CLI_INSTALL_HINT } from '../../bin/temporal-cli.js';
import { startDevServer } from '../../bin/temporal-dev-server.js';
import { freePort } from '../../harness/free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
  }
}

export default async function setup(project: TestProject) {
  const existing = process.env.TEMPORAL_SERVICE_ADDRESS;
  if (existing) {
    project.provide('temporalAddress', existing);
    return;
  }
  const cli = findTemporalCli();
  if (!cli) {
    if (process.env.REQUIRE_TEMPORAL === '1') {
      throw new Error(`REQUIRE_TEMPORAL=1 but no Temporal CLI was found. ${TEMPORAL_CLI_INSTALL_HINT}`);
    }
    console.warn(`\nSKIPPED: server-bound tests need the Temporal CLI. ${TEMPORAL_CLI_INSTALL_HINT}\n`);
    project.provide('temporalAddress', '');
    return;
  }
  const server = await startDevServer({
    cliPath: cli.path,
    port: await freePort(),
    // Fail in tests long before production would: no payload may approach Temporal's limits.
    extraArgs: [
      '--dynamic-config-value',
      'limit.blobSize.error=262144',
      // One partition per task queue, so tasks are handed out in the order they were scheduled.
      // With the default four, a worker can take shard 7 before shard 6, which tests that stage
      // a run's shards in order (failures.test.ts: a window that must stay full) cannot allow.
      '--dynamic-config-value',
      'matching.numTaskqueueReadPartitions=1',
      '--dynamic-config-value',
      'matching.numTaskqueueWritePartitions=1',
    ],
  });
  project.provide('temporalAddress', server.address);
  // One workflow bundle for every worker process the tests spawn (spawnWorker reads the
  // variable), as npm start gives its workers, instead of webpack in each of them.
  const bundleDir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-test-workflows-'));
  process.env.BEDCAST_WORKFLOW_BUNDLE = await writeWorkflowBundle(bundleDir);
  return async () => {
    await server.stop();
    rmSync(bundleDir, { recursive: true, force: true });
  };
}
