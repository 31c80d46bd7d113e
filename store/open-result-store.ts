/**
 * The one place that decides which result store a process uses, so the API and every worker
 * always agree: PostgreSQL when DATABASE_URL is set (several machines), otherwise files under the
 * data directory (the embedded default, one machine).
 */
import path from 'node:path';
import { FileResultStore } from './file-result-store.js';
import { PostgresResultStore } from './postgres-result-store.js';
import type { ResultStore } from './result-store.js';

export interface ResultStoreSettings {
  databaseUrl?: string | undefined;
  dataDir: string;
}

export interface OpenedResultStore {
  store: ResultStore;
  /** Where results go, for log lines; never shows a password. */
  description: string;
  close(): Promise<void>;
}

export function openResultStore(settings: ResultStoreSettings): OpenedResultStore {
  if (settings.databaseUrl) {
    const store = new PostgresResultStore(settings.databaseUrl);
    const url = new URL(settings.databaseUrl);
    return { store, description: `postgres://${url.host}${url.pathname}`, close: () => store.close() };
  }
  const root = path.join(settings.dataDir, 'results');
  return { store: new FileResultStore(root), description: root, close: async () => undefined };
}
