/**
 * The workbook built on a worker thread: a full SEL run's takes 3 to 5 s of synchronous work
 * (write-excel-file's XML and zip), during which the API's event loop would answer nothing else.
 * The worker runs the same buildWorkbook on a structured clone of the inputs (plain data), so
 * the bytes are the same as building in place.
 *
 * One worker per build rather than a pool (piscina would be one more dependency): workbooks are
 * built rarely, once per run (the routes cache them by ETag), and starting a worker costs well
 * under the build. From dist/ the worker is compiled JavaScript; from source (tsx, vitest) it is
 * TypeScript, which Node 20 cannot load itself, so the worker gets tsx's loader.
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkbookInputs } from './workbook.js';

const fromSource = import.meta.url.endsWith('.ts');
const workerFile = new URL(fromSource ? './workbook-worker.ts' : './workbook-worker.js', import.meta.url);

interface TsxManifest {
  exports: { './esm/api': { import: { default: string } } };
}

/**
 * From source, the worker first registers tsx's ESM loader (a devDependency: only source runs
 * need it), then imports the TypeScript worker. (A `--import` in the worker's execArgv does not
 * reach its module loader on Node 20.)
 */
function sourceBootstrap(): string {
  // tsx/esm/api's ESM entry (require.resolve would give its CommonJS one), from tsx's exports.
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as TsxManifest;
  const tsxApi = new URL(exports['./esm/api'].import.default, pathToFileURL(manifest)).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerFile.href)}); });`;
}

/** 'started' when a worker begins a build, 'finished' when it has answered or failed. */
export const workbookBuilds = new EventEmitter();

type WorkerMessage = { type: 'started' } | { type: 'built'; bytes: Uint8Array };

export function buildWorkbookOffThread(inputs: WorkbookInputs): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = fromSource
      ? new Worker(sourceBootstrap(), { eval: true, workerData: inputs })
      : new Worker(workerFile, { workerData: inputs });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      workbookBuilds.emit('finished');
      outcome();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'started') workbookBuilds.emit('started');
      else
        finish(() => resolve(new Uint8Array(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength)));
    });
    worker.once('error', (error) => finish(() => reject(error)));
    worker.once('exit', (code) =>
      finish(() => reject(new Error(`the workbook worker exited (code ${code}) before sending the workbook`))),
    );
  });
}
