/**
 * `npm start`: the whole system on one machine. Starts the Temporal dev server (SQLite in the data
 * directory) unless one already answers at TEMPORAL_ADDRESS, then the worker(s) and the API,
 * prints the URLs, launches the example run, and on Ctrl-C or SIGTERM stops everything it started,
 * API first and Temporal last, so no run is cut off mid-write and nothing is left running.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWorkflowBundle } from '../worker/workflow-bundle.js';
import { ConfigError, type Config, loadConfig } from './config.js';
import { ensureTemporalCli, TemporalCliNotFoundError } from './temporal-cli.js';
import { type DevServer, isTemporalServing, startDevServer } from './temporal-dev-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
// '.js' when run compiled from dist/ (npm start), '.ts' when run from source through tsx (npm run dev, tests).
const ext = path.extname(fileURLToPath(import.meta.url));
const children: ChildProcess[] = [];
let devServer: DevServer | undefined;
let bundleDir: string | undefined;
let shuttingDown = false;

function log(message: string): void {
  console.log(`[bedcast] ${message}`);
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '::1';
}

/** Spawns an entry point (compiled, or through tsx like this launcher) in its own process group; waits for 'ready'. */
function startChild(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url?: string }> {
  const child = spawn(process.execPath, [...(ext === '.ts' ? ['--import', 'tsx'] : []), path.join(here, entry + ext)], {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Its own process group: a terminal Ctrl-C reaches only this launcher, which stops the
    // children in order.
    detached: true,
  });
  children.push(child);
  child.once('exit', (code, signal) => {
    if (!shuttingDown) {
      console.error(`[bedcast] ${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping`);
      void shutdown(1);
    }
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready within 120 s`)), 120_000);
    child.on('message', (msg: { type?: string; url?: string }) => {
      if (msg?.type === 'ready') {
        clearTimeout(timer);
        resolve({ child, ...(msg.url ? { url: msg.url } : {}) });
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(force);
}

async function shutdown(code: number): Promise<never> {
  if (shuttingDown) return new Promise(() => undefined);
  shuttingDown = true;
  log('stopping...');
  // API first (no new runs), then workers (they finish or hand back their activities), then Temporal.
  const [api, ...workers] = [...children].reverse();
  if (api) await stopChild(api);
  await Promise.all(workers.map(stopChild));
  if (devServer) await devServer.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  log('stopped');
  process.exit(code);
}

async function launchExample(apiUrl: string, apiTokens: string | undefined): Promise<void> {
  // With authentication on, launch with the first token that may write.
  const token = apiTokens
    ?.split(',')
    .map((t) => t.trim())
    .find((t) => t && !t.endsWith(':read'));
  const res = await fetch(`${apiUrl}/v1/simulations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ preset: 'sel-stp-2016', iterations: 1000, seed: 2016 }),
  });
  if (res.status !== 202) throw new Error(`example run was refused: HTTP ${res.status} ${await res.text()}`);
  const location = res.headers.get('location');
  log(`example run:  ${apiUrl}${location}`);
  log(`its report:   ${apiUrl}${location}/report   (ready in a few seconds)`);
}

async function main(): Promise<void> {
  const config: Config = loadConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const colon = config.TEMPORAL_ADDRESS.lastIndexOf(':'); // host:port, validated by the config schema
  const host = config.TEMPORAL_ADDRESS.slice(0, colon);
  const portText = config.TEMPORAL_ADDRESS.slice(colon + 1);
  let temporalUi: string | undefined;

  if (await isTemporalServing(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE, 2_000)) {
    log(`using the Temporal server already running at ${config.TEMPORAL_ADDRESS}`);
  } else {
    if (!isLoopback(host)) {
      throw new Error(
        `no Temporal server answers at TEMPORAL_ADDRESS=${config.TEMPORAL_ADDRESS}; start it, or unset TEMPORAL_ADDRESS to run a local dev server`,
      );
    }
    const cli = ensureTemporalCli({ log });
    log(`starting the Temporal dev server (${cli.path})`);
    devServer = await startDevServer({
      cliPath: cli.path,
      port: Number(portText),
      uiPort: config.TEMPORAL_UI_PORT,
      dbFilename: path.join(config.dataDir, 'temporal.sqlite'),
      logFile: path.join(config.dataDir, 'temporal.log'),
      namespace: config.TEMPORAL_NAMESPACE,
    });
    temporalUi = devServer.uiUrl;
  }

  // The workflow code bundled once here for every worker, rather than by each as it starts.
  let workflowBundle = config.BEDCAST_WORKFLOW_BUNDLE;
  if (!workflowBundle) {
    bundleDir = mkdtempSync(path.join(os.tmpdir(), 'bedcast-workflows-'));
    workflowBundle = await writeWorkflowBundle(bundleDir);
  }
  const env = { ...process.env, TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS, BEDCAST_WORKFLOW_BUNDLE: workflowBundle };
  await Promise.all(
    Array.from({ length: config.BEDCAST_WORKERS }, (_, i) => startChild(`worker ${i + 1}`, 'worker', env)),
  );
  const api = await startChild('API', 'api', env);
  const apiUrl = api.url ?? `http://${config.API_HOST}:${config.API_PORT}`;

  log('bedcast is running:');
  log(`launch page:  ${apiUrl}/`);
  log(`API:          ${apiUrl}   (health: ${apiUrl}/health)`);
  log(`API docs:     ${apiUrl}/docs   (OpenAPI: ${apiUrl}/openapi.json)`);
  if (temporalUi) log(`Temporal UI:  ${temporalUi}`);
  log(`data:         ${config.dataDir}`);
  if (config.BEDCAST_START_EXAMPLE) await launchExample(apiUrl, config.API_TOKENS);
  log('press Ctrl-C to stop');
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
// Last resort if the launcher itself fails: leave no child behind.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (devServer?.process.exitCode === null) devServer.process.kill('SIGKILL');
});

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof TemporalCliNotFoundError) console.error(`[bedcast] ${err.message}`);
  else console.error('[bedcast] failed to start:', err instanceof Error ? err.message : err);
  void shutdown(1);
});
