/**
 * The chaos harness's short mode (one run per fault: a worker SIGKILLed mid-run, the dev server
 * killed and restarted, the API killed during a launch, worker-server traffic cut, a runaway
 * scenario, a cancel storm): no run lost, no result changed, no duplicate execution, none hung. `npm run chaos -- --runs 100` is the full mode.
 */
import { describe, expect, it } from 'vitest';
import { chaos, FAULTS, summarise } from '../../bin/chaos.js';
import { hasTemporal } from '../support/temporal-test-env.js';

describe.skipIf(!hasTemporal())('chaos, short mode', () => {
  it('loses, changes and duplicates nothing under each kind of fault', async () => {
    const outcomes = await chaos({ runs: FAULTS.length, log: (line) => console.log(line) });
    const summary = summarise(outcomes);
    console.log(`chaos summary: ${JSON.stringify(summary)}`);
    expect(outcomes.map((o) => o.error)).toEqual(outcomes.map(() => undefined));
    expect({
      lost: summary.lost,
      changed: summary.changed,
      duplicates: summary.duplicateExecutions,
      hung: summary.hung,
    }).toEqual({ lost: 0, changed: 0, duplicates: 0, hung: 0 });
    // Every fault was really injected.
    for (const fault of FAULTS) expect(summary.faults[fault]).toBeGreaterThan(0);
  }, 600_000);
});
