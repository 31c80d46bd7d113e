import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileResultStore } from '../../store/file-result-store.js';

/** A file result store in a fresh temporary directory. */
export function tempStore(): FileResultStore {
  return new FileResultStore(mkdtempSync(path.join(os.tmpdir(), 'bedcast-results-')));
}
