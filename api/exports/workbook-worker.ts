/**
 * The worker thread that builds one workbook (workbook-off-thread.ts starts it): the inputs
 * arrive as workerData, the bytes go back in one message, their buffer transferred, not copied.
 * It tells the parent when it starts building, so a test can ask the API something meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildWorkbook, type WorkbookInputs } from './workbook.js';

const port = parentPort;
if (!port) throw new Error('workbook-worker.ts runs as a worker thread (workbook-off-thread.ts starts it)');
port.postMessage({ type: 'started' });
const built = await buildWorkbook(workerData as WorkbookInputs);
// Only a buffer of its own can be transferred (Node's pooled small buffers cannot).
const bytes = built.byteOffset === 0 && built.byteLength === built.buffer.byteLength ? built : built.slice();
port.postMessage({ type: 'built', bytes }, [bytes.buffer as ArrayBuffer]);
