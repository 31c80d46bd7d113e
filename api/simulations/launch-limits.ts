/**
 * What a launch may cost: a run's estimated core-seconds, and with API_TOKENS each token's runs in
 * flight. runs.handlers.ts refuses a launch over either before anything starts.
 */
import type { SimulationService } from '../simulation-service.js';

/** What a run may cost: its estimated core-seconds (models/run-cost.ts) at most. */
export interface RunLimits {
  maxRunCoreSeconds: number;
  /** With API_TOKENS: each token's runs in flight, in number and in estimated core-seconds. */
  perToken?: { maxConcurrentRuns: number; maxCoreSeconds: number };
}

/**
 * The runs each token has in flight, as this API process launched them: enough for one API
 * process (the embedded default); several would need them in Temporal's visibility instead.
 */
export class TokenLedger {
  private readonly runs = new Map<string, Map<string, { coreSeconds: number; launchedAt: number }>>();

  /** The token's runs still in flight, asking the service about each (a few at most). */
  async inFlight(service: SimulationService, token: string) {
    const mine = this.runs.get(token) ?? new Map<string, { coreSeconds: number; launchedAt: number }>();
    for (const id of [...mine.keys()]) {
      const run = await service.get(id).catch(() => undefined);
      if (!run || (run.status !== 'queued' && run.status !== 'running')) mine.delete(id);
    }
    this.runs.set(token, mine);
    return mine;
  }

  /** True when the run is new to the token. */
  add(token: string, id: string, coreSeconds: number): boolean {
    const mine = this.runs.get(token) ?? new Map<string, { coreSeconds: number; launchedAt: number }>();
    this.runs.set(token, mine);
    if (mine.has(id)) return false;
    mine.set(id, { coreSeconds, launchedAt: Date.now() });
    return true;
  }

  remove(token: string, id: string) {
    this.runs.get(token)?.delete(id);
  }
}
