import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  test: {
    root,
    // Temporal's native bridge does not survive worker threads (sdk-typescript#876).
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // Some checks simulate thousands of ward-days; on a shared, noisy 2-core machine they can
          // pass vitest's 5 s default. Speed targets live in benchmarks, not in test timeouts.
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // One Temporal dev server for the whole run, shared by address.
          globalSetup: ['tests/support/temporal-global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
