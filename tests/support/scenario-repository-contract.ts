/**
 * What every result store must give saved scenarios (store/scenario-repository.ts), run against
 * the file store (unit) and a real PostgreSQL (integration): revisions in order, immutable, and
 * of two writers of the same next revision exactly one wins.
 */
import { expect, it } from 'vitest';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { scenarioSchema } from '../../models/scenario.js';
import type { ResultStore } from '../../store/result-store.js';
import { scenarioRevisionKey } from '../../store/run-keys.js';
import { RevisionConflictError, ScenarioRepository } from '../../store/scenario-repository.js';

export function scenarioRepositoryContract(storeOf: () => ResultStore): void {
  const scenario = scenarioSchema.parse(smallHospital.scenario);
  const tweaked = (riskTarget: number) => ({ ...scenario, bedPolicy: { ...scenario.bedPolicy, riskTarget } });

  it('creates revision 1, revises in order, and reads any revision back', async () => {
    const repository = new ScenarioRepository(storeOf());
    const first = await repository.create({ scenario, notes: { '/bedPolicy/riskTarget': 'why' } });
    expect(first.revision).toBe(1);
    await repository.revise(first.id, 2, { scenario: tweaked(0.05), notes: {} });
    expect(await repository.latestRevision(first.id)).toBe(2);
    const one = await repository.read(first.id, 1);
    const latest = await repository.read(first.id);
    expect(one.ok && one.revision.notes).toEqual({ '/bedPolicy/riskTarget': 'why' });
    expect(latest.ok && latest.revision.scenario.bedPolicy.riskTarget).toBe(0.05);
    expect(await repository.ids()).toContain(first.id);
    expect(await repository.read(first.id, 3)).toEqual({ ok: false, missing: true });
  });

  it('lets one of two writers of the same next revision win; the other gets a conflict', async () => {
    const repository = new ScenarioRepository(storeOf());
    const { id } = await repository.create({ scenario, notes: {} });
    const outcomes = await Promise.allSettled([
      repository.revise(id, 2, { scenario: tweaked(0.02), notes: {} }),
      repository.revise(id, 2, { scenario: tweaked(0.03), notes: {} }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = outcomes.find((o) => o.status === 'rejected')!;
    expect(lost.reason).toBeInstanceOf(RevisionConflictError);
    const won = outcomes.find((o) => o.status === 'fulfilled')!;
    const read = await repository.read(id, 2);
    expect(read.ok && read.revision.scenario.bedPolicy.riskTarget).toBe(won.value.scenario.bedPolicy.riskTarget);
  });

  it('upgrades a format 0 document and refuses a newer format with the reason', async () => {
    const store = storeOf();
    const repository = new ScenarioRepository(store);
    const id = 'scn-0000000000000c0d';
    await store.put(scenarioRevisionKey(id, 1), new TextEncoder().encode(JSON.stringify({ scenario })));
    const upgraded = await repository.read(id);
    expect(upgraded.ok && upgraded.revision.upgradedFrom).toBe(0);
    await store.put(scenarioRevisionKey(id, 2), new TextEncoder().encode(JSON.stringify({ format: 9, scenario })));
    const newer = await repository.read(id);
    expect(newer).toMatchObject({ ok: false, pointer: '/format' });
  });
}
