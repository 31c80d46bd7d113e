/**
 * Child process for the result store's concurrency test: waits for a start time, then puts the
 * same large entry and reports whether it created it.
 */
import { FileResultStore } from '../../store/file-result-store.js';

const [root, key, sizeText, startAtText] = process.argv.slice(2);
const size = Number(sizeText);
const bytes = new Uint8Array(size).map((_, i) => (i * 31 + 7) % 251);
const store = new FileResultStore(root!);
const wait = Number(startAtText) - Date.now();
if (wait > 0) await new Promise((r) => setTimeout(r, wait));
const outcome = await store.put(key!, bytes);
process.stdout.write(JSON.stringify(outcome));
