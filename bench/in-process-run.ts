/**
 * One in-process run of the SEL preset in a fresh process, for bench/temporal.ts: the reference
 * the Temporal rows are compared with, started cold as their fresh worker processes are (no
 * compiled code or warm heap from an earlier run). Prints {"seconds", "sha256"} as JSON: the
 * time from just before the run to its result document, as a Temporal row times from the
 * workflow's start to its stored result; process start-up and imports are outside both.
 */
import { selStp2016 } from '../models/presets/sel-stp-2016.js';
import { runInProcess } from '../models/run-document.js';

const iterations = Number(process.argv[2] ?? 10_000);
const started = performance.now();
const document = runInProcess({
  scenario: selStp2016.scenario,
  seed: 2016,
  iterations,
  source: { preset: 'sel-stp-2016' },
});
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, sha256: document.sha256 }));
