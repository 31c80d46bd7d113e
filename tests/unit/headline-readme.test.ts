/**
 * The README's headline tables are what `npm run headline` prints (10,000 iterations, seed 2016),
 * the way the presets' sources documents are what `npm run preset:sources` writes. After a model
 * change, `npm run headline -- --write` rewrites them (and the prose above them needs a look).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEADLINE_ITERATIONS, headlineTables, README_FILE, readmeHeadline } from '../../bin/headline.js';

describe('README headline', () => {
  it(
    'the tables are `npm run headline` at 10,000 iterations (npm run headline -- --write)',
    () => {
      expect(HEADLINE_ITERATIONS).toBe(10_000);
      const readme = readmeHeadline(readFileSync(README_FILE, 'utf8'));
      expect(readme).toContain('| do-nothing |');
      expect(readme).toBe(headlineTables().join('\n').trim());
    },
    // Four 10,000-iteration runs of the SEL presets: about two minutes alone on a 2-core machine
    // (npm run headline), several times that beside the other test files. A hang guard, not a
    // speed target (those are the benchmarks').
    600_000,
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
