/**
 * The workflow code bundled once, into a file that worker processes load
 * (WorkerOptions.workflowBundle) instead of each bundling it with webpack as it starts. Bundling
 * in a worker took 1.5-2 s and left about 30 MB of webpack's objects in the heap its activities
 * then compute in, where every full collection of the engine's garbage has to mark them again:
 * in a one-worker SEL run, V8's helper threads did a quarter more work (bench:temporal).
 */
import { createHash } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './simulation-worker.js';

/** Bundles the workflows into `dir` and returns the file's path (named by the code's hash). */
export async function writeWorkflowBundle(dir: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
  const file = path.join(dir, `workflow-bundle-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`);
  // Whole or absent: a worker starting at the same moment never loads half a bundle.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, code);
  renameSync(temp, file);
  return file;
}
