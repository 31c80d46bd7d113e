/**
 * An in-memory SimulationService for route tests: records what was started and lets a test
 * decide what each run looks like.
 */
import { MODEL_VERSION } from '../../models/model-version.js';
import type { SimulationInput } from '../../models/simulation-request.js';
import { runIdFor } from '../../api/run-id.js';
import { EngineUnavailableError, type RunView, type SimulationService } from '../../api/simulation-service.js';

export class FakeSimulationService implements SimulationService {
  readonly started: SimulationInput[] = [];
  readonly runs = new Map<string, RunView>();
  engineUp = true;

  async start(input: SimulationInput) {
    if (!this.engineUp) throw new EngineUnavailableError('down');
    this.started.push(input);
    const id = runIdFor(input);
    if (!this.runs.has(id)) {
      this.runs.set(id, {
        id,
        status: 'queued',
        seed: input.seed,
        iterations: input.iterations,
        modelVersion: MODEL_VERSION,
        progress: { phase: 'validating', iterationsDone: 0, iterationsTotal: input.iterations },
      });
    }
    return { id };
  }

  async get(id: string) {
    if (!this.engineUp) throw new EngineUnavailableError('down');
    return this.runs.get(id);
  }

  async cancel(id: string) {
    if (!this.engineUp) throw new EngineUnavailableError('down');
    const run = this.runs.get(id);
    if (!run) return 'not-found' as const;
    if (run.status !== 'queued' && run.status !== 'running') return 'finished' as const;
    run.status = 'cancelled';
    return 'requested' as const;
  }

  async ready() {
    return this.engineUp;
  }
}
