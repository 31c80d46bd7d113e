/**
 * A real worker process (bin/worker.ts, as `npm start` runs it) for tests that need several
 * workers or must kill one. It reports ready over IPC once it polls its task queue.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKER_ENTRY = fileURLToPath(new URL('../bin/worker.ts', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker polls; rejects if it exits first. */
  ready: Promise<void>;
  /** Resolves with the exit code or signal once the process has gone. */
  exited: Promise<number | string | null>;
  /** SIGTERM (graceful) and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * `workflowBundle` is a file from writeWorkflowBundle, as `npm start` gives its workers; by
 * default the one in BEDCAST_WORKFLOW_BUNDLE (the integration tests' global setup writes one),
 * else the worker bundles the workflows itself.
 */
export function spawnWorker(options: {
  address: string;
  taskQueue: string;
  dataDir: string;
  databaseUrl?: string;
  workflowBundle?: string;
}): WorkerProcess {
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER_ENTRY], {
    cwd: path.dirname(path.dirname(WORKER_ENTRY)),
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: options.address,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      BEDCAST_DATA_DIR: options.dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
      BEDCAST_WORKFLOW_BUNDLE: options.workflowBundle ?? process.env.BEDCAST_WORKFLOW_BUNDLE ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    void exited.then((how) => reject(new Error(`worker exited (${how}) before it was ready:\n${output.join('')}`)));
  });
  return {
    child,
    ready,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
