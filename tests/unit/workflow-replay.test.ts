/**
 * Replay of recorded workflow histories with the current workflow code: a change that would
 * break runs in flight fails here, before release. Under docs/upgrade-policy.md two generations
 * must replay: this release's own histories (tests/fixtures/histories/this-release/, written by
 * `npm run fixtures:histories`) and the previous release's (previous-release/), which are the
 * runs a rolling upgrade may find in flight. The negative controls must see determinism
 * violations, so this test can fail: a deliberately changed workflow, and a run recorded before
 * the patches this release retired (retired/), which the policy says must have drained.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DeterminismViolationError } from '@temporalio/workflow';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../worker/simulation-worker.js';

const HISTORIES = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));
const CHANGED_WORKFLOW = fileURLToPath(new URL('../fixtures/changed-workflow/index.ts', import.meta.url));
const GENERATIONS = ['previous-release', 'this-release'] as const;
const PATHS = [
  'cancelled.json',
  'invalid-scenario.json',
  'shard-failed.json',
  'succeeded-in-parts.json',
  'succeeded-interactive.json',
  'succeeded.json',
];
const load = (file: string) => historyFromJSON(JSON.parse(readFileSync(`${HISTORIES}${file}`, 'utf8')));
const namesIn = (generation: string) =>
  readdirSync(`${HISTORIES}${generation}`)
    .filter((f) => f.endsWith('.json'))
    .sort();

async function replayAll(workflowsPath: string, files: string[]) {
  const results: { id: string; error: string | undefined }[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowsPath, replayName: 'replay' },
    files.map((file) => ({ workflowId: file, history: load(file) })),
  ))
    results.push({ id: result.workflowId, error: result.error?.message });
  return results;
}

describe('workflow replay', () => {
  beforeAll(() => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  });

  it('has, for this release and the previous one, a history of each path: succeeded (explicit chunks; default chunks with the summary in two parts; a small run on the interactive queue), invalid scenario, a shard failed for good while the fan-out waited for a slot, cancelled', () => {
    for (const generation of GENERATIONS) expect(namesIn(generation)).toEqual(PATHS);
  });

  it.each(GENERATIONS)(
    'replays every %s history with the current workflow code',
    async (generation) => {
      const files = namesIn(generation).map((name) => `${generation}/${name}`);
      expect(await replayAll(WORKFLOWS_PATH, files)).toEqual(files.map((id) => ({ id, error: undefined })));
    },
    60_000,
  );

  it('catches a deliberately changed workflow (negative control)', async () => {
    for (const generation of GENERATIONS) {
      const replay = Worker.runReplayHistory(
        { workflowsPath: CHANGED_WORKFLOW, replayName: 'changed' },
        load(`${generation}/succeeded.json`),
      );
      await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    }
  }, 60_000);

  it('refuses a run recorded before the retired patches (the policy drains those before upgrading)', async () => {
    const replay = Worker.runReplayHistory(
      { workflowsPath: WORKFLOWS_PATH, replayName: 'retired' },
      load('retired/succeeded-before-the-patches.json'),
    );
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
  }, 60_000);
});
