/**
 * Golden results: each preset's result bytes at a fixed seed and iteration count are pinned by
 * sha256 in tests/golden/results.json, with the MODEL_VERSION that produced them. A change in the
 * bytes without a MODEL_VERSION bump fails here; after a bump, `npm run golden -- --update`
 * re-pins (and refuses to re-pin changed bytes under an unchanged version).
 */
import { describe, expect, it } from 'vitest';
import { checkPins, type GoldenPins, presetResultSha256, readPins, updatedPins } from '../../bin/golden.js';
import { MODEL_VERSION } from '../../models/model-version.js';
import { PRESETS } from '../../models/presets/index.js';

const RE_PIN = 'bump MODEL_VERSION if the change is intended, then `npm run golden -- --update`';

describe('golden results', () => {
  const pins = readPins();

  for (const preset of PRESETS) {
    it(`${preset.id}: the result's sha256 is the pinned one, under the pinned MODEL_VERSION`, () => {
      const pin = pins[preset.id];
      expect(pin, `no pin for ${preset.id}: npm run golden -- --update`).toBeDefined();
      expect(MODEL_VERSION, `MODEL_VERSION changed since the pin: re-pin with npm run golden -- --update`).toBe(
        pin!.modelVersion,
      );
      expect(pin!.iterations).toBeGreaterThan(0);
      expect(presetResultSha256(preset.id, pin!.seed, pin!.iterations), RE_PIN).toBe(pin!.sha256);
    });
  }

  it('the result under a pin depends on the seed: a pin would catch a change in the draws', () => {
    const pin = pins[PRESETS[0]!.id]!;
    expect(presetResultSha256(PRESETS[0]!.id, pin.seed + 1, pin.iterations)).not.toBe(pin.sha256);
  });

  describe('re-pinning (npm run golden -- --update)', () => {
    const pinned: GoldenPins = { a: { seed: 1, iterations: 10, modelVersion: '1.0.0', sha256: 'aaa' } };
    const hashes = (sha256: string) => () => sha256;

    it('leaves an unchanged result alone', () => {
      const checks = checkPins(pinned, ['a'], '1.0.0', hashes('aaa'));
      expect(checks.map((c) => c.status)).toEqual(['same']);
      expect(updatedPins(pinned, checks)).toEqual({ pins: pinned, refused: [] });
    });

    it('refuses to re-pin changed bytes under the same MODEL_VERSION', () => {
      const checks = checkPins(pinned, ['a'], '1.0.0', hashes('bbb'));
      expect(checks.map((c) => c.status)).toEqual(['changed-without-bump']);
      expect(updatedPins(pinned, checks)).toEqual({ pins: pinned, refused: ['a'] });
    });

    it('re-pins changed bytes after a MODEL_VERSION bump, at the same seed and iterations', () => {
      const checks = checkPins(pinned, ['a'], '1.1.0', hashes('bbb'));
      expect(checks.map((c) => c.status)).toEqual(['version-bumped']);
      expect(updatedPins(pinned, checks)).toEqual({
        pins: { a: { seed: 1, iterations: 10, modelVersion: '1.1.0', sha256: 'bbb' } },
        refused: [],
      });
    });

    it('pins a preset that has no pin yet', () => {
      const checks = checkPins(pinned, ['a', 'b'], '1.0.0', (id) => (id === 'a' ? 'aaa' : 'ccc'));
      expect(checks.map((c) => c.status)).toEqual(['same', 'unpinned']);
      expect(updatedPins(pinned, checks).pins.b).toMatchObject({ modelVersion: '1.0.0', sha256: 'ccc' });
    });
  });
});
