/**
 * The README's headline tables are what `npm run headline` prints (10,000 iterations, seed 2016),
 * the way the presets' sources documents are what `npm run preset:sources` writes. After a model
 * change, `npm run headline -- --write` rewrites them (and the prose above them needs a look).
 *
 * Four 10,000-iteration runs per preset took about four minutes of CI here, so the test checks
 * the pin `--write` leaves in tests/golden/headline.json instead: the README's tables are the
 * pinned ones; the pin was written from today's inputs (the presets' scenarios, seed,
 * iterations, MODEL_VERSION and bin/headline.ts); and the same tables at a few iterations,
 * recomputed here, are the pinned ones, so a change in the model's answers (bumped or not) fails
 * too. The golden results test pins each preset's result bytes as well.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  HEADLINE_CHECK_ITERATIONS,
  HEADLINE_ITERATIONS,
  headlineInputs,
  headlineInputsSha256,
  headlineTables,
  README_FILE,
  readHeadlinePin,
  readmeHeadline,
  tablesSha256,
  tablesText,
} from '../../bin/headline.js';

const REWRITE = 'the README headline tables are stale: npm run headline -- --write';

describe('README headline', () => {
  const pin = readHeadlinePin();

  it('the tables are the pinned 10,000-iteration tables (npm run headline -- --write)', () => {
    expect(HEADLINE_ITERATIONS).toBe(10_000);
    const readme = readmeHeadline(readFileSync(README_FILE, 'utf8'));
    expect(readme).toContain('| do-nothing |');
    expect(readme).toContain(`${HEADLINE_ITERATIONS.toLocaleString('en-GB')} iterations, seed`);
    expect(tablesSha256(readme), REWRITE).toBe(pin.tables);
  });

  it('the pin was written from the presets, seed, iterations, MODEL_VERSION and generator of today', () => {
    expect(headlineInputsSha256(headlineInputs()), REWRITE).toBe(pin.inputs);
  });

  it('any change to those inputs changes their hash (so a stale pin is caught)', () => {
    const inputs = headlineInputs();
    const base = headlineInputsSha256(inputs);
    const changed = [
      { ...inputs, modelVersion: `${inputs.modelVersion}-next` },
      { ...inputs, seed: inputs.seed + 1 },
      { ...inputs, iterations: inputs.iterations - 1 },
      { ...inputs, generator: `${inputs.generator}\n` },
      {
        ...inputs,
        presets: inputs.presets.map((p, i) =>
          i === 0 ? { ...p, scenario: { ...p.scenario, years: p.scenario.years.slice(0, -1) } } : p,
        ),
      },
    ];
    for (const c of changed) expect(headlineInputsSha256(c)).not.toBe(base);
  });

  it(
    `the same tables at ${HEADLINE_CHECK_ITERATIONS} iterations, recomputed, are the pinned ones`,
    () => {
      expect(pin.check.iterations).toBe(HEADLINE_CHECK_ITERATIONS);
      const tables = tablesText(headlineTables(HEADLINE_CHECK_ITERATIONS));
      expect(tables).toContain(`${HEADLINE_CHECK_ITERATIONS} iterations, seed`);
      expect(tablesSha256(tables), REWRITE).toBe(pin.check.tables);
    },
    // Ten runs of 20 iterations, mostly the presets' threshold warm-up: about 20 s alone on a
    // 2-core machine. A hang guard, not a speed target (those are the benchmarks').
    300_000,
  );

  it('finds the tables only between both markers', () => {
    expect(() => readmeHeadline('# no markers')).toThrow(/no .* block/);
    expect(
      readmeHeadline(
        'x\n<!-- headline tables: `npm run headline -- --write` -->\n\nT\n\n<!-- end of headline tables -->',
      ),
    ).toBe('T');
  });
});
