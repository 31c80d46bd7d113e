/**
 * Golden results: each preset's result at a fixed seed and iteration count, pinned by its sha256
 * in tests/golden/results.json together with the MODEL_VERSION that produced it
 * (tests/unit/golden-results.test.ts checks every pin).
 *
 * `npm run golden` compares every preset with its pin. `npm run golden -- --update` re-pins, but
 * only where that is allowed: a preset with no pin is pinned; a preset whose bytes changed is
 * re-pinned only when MODEL_VERSION differs from its pin's (results may change only with a version
 * bump); a changed result under the same MODEL_VERSION is refused, and the command fails.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MODEL_VERSION } from '../models/model-version.js';
import { PRESETS } from '../models/presets/index.js';
import { runInProcess } from '../models/run-document.js';

export interface GoldenPin {
  seed: number;
  iterations: number;
  modelVersion: string;
  sha256: string;
}

export type GoldenPins = Record<string, GoldenPin>;

export const GOLDEN_FILE = fileURLToPath(new URL('../tests/golden/results.json', import.meta.url));

/** What a new pin runs: few enough iterations that checking every preset takes a few seconds. */
export const NEW_PIN = { seed: 2016, iterations: 200 } as const;

/** The sha256 of a preset's result document, as the API would serve it for the same run. */
export function presetResultSha256(presetId: string, seed: number, iterations: number): string {
  const preset = PRESETS.find((p) => p.id === presetId);
  if (!preset) throw new Error(`no preset ${presetId}`);
  return runInProcess({ scenario: preset.scenario, seed, iterations, source: { preset: presetId } }).sha256;
}

export function readPins(file = GOLDEN_FILE): GoldenPins {
  return JSON.parse(readFileSync(file, 'utf8')) as GoldenPins;
}

export type PinStatus =
  | 'same' // the pinned bytes, under the pinned MODEL_VERSION
  | 'unpinned' // a preset without a pin
  | 'version-bumped' // MODEL_VERSION differs from the pin's: re-pin (the bytes may or may not differ)
  | 'changed-without-bump'; // different bytes under the same MODEL_VERSION: a bug, or a missing bump

export interface PinCheck {
  preset: string;
  status: PinStatus;
  pin?: GoldenPin;
  /** The current result under the pin's seed and iterations (NEW_PIN's for an unpinned preset). */
  current: GoldenPin;
}

export function checkPins(
  pins: GoldenPins,
  presetIds: readonly string[],
  modelVersion: string,
  sha256Of: (presetId: string, seed: number, iterations: number) => string,
): PinCheck[] {
  return presetIds.map((preset) => {
    const pin = pins[preset];
    const { seed, iterations } = pin ?? NEW_PIN;
    const current: GoldenPin = { seed, iterations, modelVersion, sha256: sha256Of(preset, seed, iterations) };
    const status: PinStatus = !pin
      ? 'unpinned'
      : pin.modelVersion !== modelVersion
        ? 'version-bumped'
        : pin.sha256 === current.sha256
          ? 'same'
          : 'changed-without-bump';
    return { preset, status, current, ...(pin ? { pin } : {}) };
  });
}

/** The pins after an update: every allowed re-pin applied, and the presets it refused to re-pin. */
export function updatedPins(pins: GoldenPins, checks: readonly PinCheck[]): { pins: GoldenPins; refused: string[] } {
  const next: GoldenPins = { ...pins };
  const refused: string[] = [];
  for (const check of checks) {
    if (check.status === 'unpinned' || check.status === 'version-bumped') next[check.preset] = check.current;
    else if (check.status === 'changed-without-bump') refused.push(check.preset);
  }
  return { pins: next, refused };
}

function main(argv: string[]): number {
  const update = argv.includes('--update');
  const pins = readPins();
  const checks = checkPins(
    pins,
    PRESETS.map((p) => p.id),
    MODEL_VERSION,
    presetResultSha256,
  );
  for (const c of checks) {
    const at = `seed ${c.current.seed}, ${c.current.iterations} iterations`;
    const was = c.pin ? `pinned ${c.pin.sha256.slice(0, 12)} under ${c.pin.modelVersion}` : 'no pin';
    console.log(
      `${c.preset}: ${c.status} (${at}; now ${c.current.sha256.slice(0, 12)} under ${MODEL_VERSION}; ${was})`,
    );
  }
  const { pins: next, refused } = updatedPins(pins, checks);
  for (const preset of refused) {
    console.error(
      `${preset}: its result changed under the same MODEL_VERSION (${MODEL_VERSION}). If the change is ` +
        'intended, bump MODEL_VERSION in models/model-version.ts and re-pin; otherwise it is a regression.',
    );
  }
  if (!update) {
    const stale = checks.filter((c) => c.status !== 'same');
    if (stale.length) console.error('not all pins hold; `npm run golden -- --update` re-pins where allowed');
    return stale.length ? 1 : 0;
  }
  if (refused.length) {
    console.error('nothing written: fix the refused presets first');
    return 1;
  }
  writeFileSync(GOLDEN_FILE, `${JSON.stringify(next, null, 2)}\n`);
  console.log(`wrote ${GOLDEN_FILE}`);
  return 0;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  process.exitCode = main(process.argv.slice(2));
}
