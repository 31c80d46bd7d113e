/**
 * Replay of recorded workflow histories (tests/fixtures/histories/, written by
 * `npm run fixtures:histories`) with the current workflow code: a change that would break runs
 * in flight fails here, before release. The negative control replays with a deliberately changed
 * workflow and must see a determinism violation, so this test can fail.
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
const load = (name: string) => historyFromJSON(JSON.parse(readFileSync(`${HISTORIES}${name}`, 'utf8')));
const names = readdirSync(HISTORIES)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('workflow replay', () => {
  beforeAll(() => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  });

  it('has a recorded history for each path: succeeded (recorded before the summary-in-parts, larger-chunks and sized-chunks patches, after each, and with the patches of issue 15), invalid scenario, cancelled, a shard failed for good (recorded before the fix that fails the run with its error)', () => {
    expect(names).toEqual([
      'cancelled.json',
      'invalid-scenario.json',
      'shard-failed.json',
      'succeeded-in-parts.json',
      'succeeded-interactive.json',
      'succeeded-sized-chunks.json',
      'succeeded.json',
    ]);
  });

  it('replays every recorded history with the current workflow code', async () => {
    const histories = names.map((name) => ({ workflowId: name, history: load(name) }));
    const results = [];
    for await (const result of Worker.runReplayHistories(
      { workflowsPath: WORKFLOWS_PATH, replayName: 'current' },
      histories,
    ))
      results.push(result);
    expect(results.map((r) => ({ id: r.workflowId, error: r.error?.message }))).toEqual(
      names.map((id) => ({ id, error: undefined })),
    );
  }, 60_000);

  it('catches a deliberately changed workflow (negative control)', async () => {
    const replay = Worker.runReplayHistory(
      { workflowsPath: CHANGED_WORKFLOW, replayName: 'changed' },
      load('succeeded.json'),
    );
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
  }, 60_000);
});
