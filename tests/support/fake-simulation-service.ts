/**
 * An in-memory SimulationService for route tests: records what was started and lets a test
 * decide what each run looks like.
 */
import type { RunInput } from '../../orchestration/run-input.js';
import {
  EngineUnavailableError,
  InvalidCursorError,
  type RunListQuery,
  type RunMeta,
  type RunView,
  type SimulationService,
} from '../../api/simulation-service.js';
import { scenarioRef } from '../../api/run-resource.js';

export class FakeSimulationService implements SimulationService {
  readonly started: (RunInput & { id: string })[] = [];
  readonly runs = new Map<string, RunView>();
  engineUp = true;

  async start(id: string, input: RunInput & { scenario: { id: string } }, meta: RunMeta = {}) {
    if (!this.engineUp) throw new EngineUnavailableError('down');
    this.started.push({ ...input, id });
    if (!this.runs.has(id)) {
      this.runs.set(id, {
        id,
        status: 'queued',
        seed: input.seed,
        iterations: input.iterations,
        modelVersion: input.modelVersion,
        scenario: scenarioRef(input.scenario.id, input.source),
        progress: {
          phase: 'validating',
          iterationsDone: 0,
          iterationsTotal: input.iterations,
          shardsDone: 0,
          shardsTotal: 0,
        },
        ...(meta.estimate ? { estimate: meta.estimate } : {}),
      });
    }
  }

  async get(id: string) {
    if (!this.engineUp) throw new EngineUnavailableError('down');
    return this.runs.get(id);
  }

  /** Newest first; the cursor is the index of the next run, as text. */
  async list(query: RunListQuery) {
    if (!this.engineUp) throw new EngineUnavailableError('down');
    const all = [...this.runs.values()]
      .reverse()
      .filter(
        (r) => (!query.status || r.status === query.status) && (!query.scenario || r.scenario.id === query.scenario),
      );
    if (query.cursor !== undefined && !/^\d+\.c$/.test(query.cursor)) throw new InvalidCursorError('bad cursor');
    const from = Number(query.cursor?.split('.')[0] ?? 0);
    const page = all.slice(from, from + query.pageSize);
    return {
      runs: page.map((r) => ({
        id: r.id,
        status: r.status,
        scenario: r.scenario,
        seed: r.seed,
        iterations: r.iterations,
        createdAt: new Date(0).toISOString(),
      })),
      ...(from + query.pageSize < all.length ? { nextCursor: `${from + query.pageSize}.c` } : {}),
    };
  }

  async cancel(id: string) {
    if (!this.engineUp) throw new EngineUnavailableError('down');
    const run = this.runs.get(id);
    if (!run) return 'not-found' as const;
    if (run.status !== 'queued' && run.status !== 'running') return 'finished' as const;
    run.status = 'cancelled';
    return 'requested' as const;
  }

  async input(id: string) {
    if (!this.engineUp) throw new EngineUnavailableError('down');
    const started = this.started.findLast((s) => s.id === id);
    if (!started) return undefined;
    const { id: _id, ...input } = started;
    return input;
  }

  async ready() {
    return this.engineUp;
  }
}
