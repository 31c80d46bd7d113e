/**
 * The PostgreSQL result store against a real server: the same contract as the file store.
 * With REQUIRE_POSTGRES=1 (CI) a missing PostgreSQL fails the run instead of skipping.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { TemporalSimulationService } from '../../api/temporal-simulation-service.js';
import { runInProcess } from '../../models/run-document.js';
import { smallHospital } from '../../models/presets/small-hospital.js';
import { sha256Hex } from '../../models/run-identity.js';
import { PostgresResultStore } from '../../store/postgres-result-store.js';
import { ImmutableEntryError, InvalidKeyError } from '../../store/result-store.js';
import { findPostgresBin, type PostgresServer, startPostgres } from '../support/postgres-server.js';
import { readJson } from '../support/read-json.js';
import { scenarioRepositoryContract } from '../support/scenario-repository-contract.js';
import { hasTemporal, temporalAddress, uniqueTaskQueue } from '../support/temporal-test-env.js';
import { spawnWorker } from '../../harness/worker-process.js';

const available = Boolean(process.env.DATABASE_URL || findPostgresBin());
if (!available && process.env.REQUIRE_POSTGRES === '1')
  throw new Error('REQUIRE_POSTGRES=1 but no PostgreSQL binaries (initdb, pg_ctl) were found');
if (!available) console.warn('SKIPPED: PostgreSQL result store tests need initdb and pg_ctl, or DATABASE_URL');

const bytes = (text: string) => new TextEncoder().encode(text);

describe.skipIf(!available)('PostgreSQL result store', () => {
  let server: PostgresServer | undefined;
  let store: PostgresResultStore;

  beforeAll(async () => {
    server = await startPostgres();
    store = new PostgresResultStore(server!.url);
  });

  afterAll(async () => {
    await store?.close();
    server?.stop();
  });

  it('stores, returns, and is ready', async () => {
    expect(await store.ready()).toBe(true);
    expect(await store.put('runs/sim-a/result.json', bytes('{"a":1}'))).toEqual({ created: true });
    expect(new TextDecoder().decode(await store.get('runs/sim-a/result.json'))).toBe('{"a":1}');
    expect(await store.get('runs/sim-a/missing')).toBeUndefined();
  });

  it('reads an entry into a buffer of the caller, returning its length; a missing key is undefined', async () => {
    const entry = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 255);
    await store.put('runs/y/blocks/000000000-1.f64', entry);
    const target = new Uint8Array(6000);
    expect(await store.getInto('runs/y/blocks/000000000-1.f64', target.subarray(500, 5500))).toBe(5000);
    expect(Buffer.from(target.subarray(500, 5500)).equals(entry)).toBe(true);
    expect(target[499]).toBe(0);
    const short = new Uint8Array(10);
    expect(await store.getInto('runs/y/blocks/000000000-1.f64', short)).toBe(5000);
    expect(Buffer.from(short).equals(entry.subarray(0, 10))).toBe(true);
    expect(await store.getInto('runs/y/blocks/none.f64', new Uint8Array(8))).toBeUndefined();
  });

  it('is idempotent for a retried write and refuses to change an entry', async () => {
    await store.put('runs/x/result.json', bytes('one'));
    expect(await store.put('runs/x/result.json', bytes('one'))).toEqual({ created: false });
    await expect(store.put('runs/x/result.json', bytes('two'))).rejects.toBeInstanceOf(ImmutableEntryError);
  });

  it('lists by prefix, treating _ literally', async () => {
    for (const k of ['runs/p_q/a', 'runs/pxq/b', 'runs/p_q/c']) await store.put(k, bytes(k));
    expect(await store.list('runs/p_q/')).toEqual(['runs/p_q/a', 'runs/p_q/c']);
  });

  it('lets exactly one of many concurrent writers create an entry', async () => {
    const others = Array.from({ length: 3 }, () => new PostgresResultStore(server!.url));
    const payload = bytes('x'.repeat(1 << 20));
    const outcomes = await Promise.all(
      [store, ...others].flatMap((s) => [s.put('runs/race/r', payload), s.put('runs/race/r', payload)]),
    );
    await Promise.all(others.map((s) => s.close()));
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    expect((await store.get('runs/race/r'))!.length).toBe(payload.length);
  });

  it('rejects keys outside the key pattern', async () => {
    await expect(store.put('../x', bytes('x'))).rejects.toBeInstanceOf(InvalidKeyError);
  });
  it('removes one entry, so that other bytes can take its place', async () => {
    await store.put('runs/q/blocks/000000000-1.block', bytes('torn'), { durable: false });
    expect(await store.remove('runs/q/blocks/000000000-1.block')).toBe(true);
    expect(await store.remove('runs/q/blocks/000000000-1.block')).toBe(false);
    expect(await store.put('runs/q/blocks/000000000-1.block', bytes('whole'), { durable: false })).toEqual({
      created: true,
    });
    expect(new TextDecoder().decode(await store.get('runs/q/blocks/000000000-1.block'))).toBe('whole');
  });

  it('removes a prefix, and only that prefix', async () => {
    await store.put('runs/p/blocks/000000000-1.f64', bytes('a'));
    await store.put('runs/p/blocks/000000001-1.f64', bytes('b'));
    await store.put('runs/p/blocks_other/x', bytes('c'));
    await store.put('runs/p/result.json', bytes('r'));
    expect(await store.removePrefix('runs/p/blocks/')).toBe(2);
    expect(await store.list('runs/p/')).toEqual(['runs/p/blocks_other/x', 'runs/p/result.json']);
    await expect(store.removePrefix('runs/p')).rejects.toBeInstanceOf(InvalidKeyError);
  });

  describe('saved scenarios', () => scenarioRepositoryContract(() => store));

  it.skipIf(!hasTemporal())(
    'holds a whole run: a worker process and the API on PostgreSQL, result equal to in-process',
    async () => {
      const taskQueue = uniqueTaskQueue('postgres-run');
      const worker = spawnWorker({
        address: temporalAddress(),
        taskQueue,
        dataDir: mkdtempSync(path.join(os.tmpdir(), 'bedcast-pg-run-')),
        databaseUrl: server!.url,
      });
      const connection = await Connection.connect({ address: temporalAddress() });
      try {
        await worker.ready;
        const app = createApp({
          simulations: new TemporalSimulationService(new Client({ connection }), taskQueue),
          store,
        });
        const launched = await app.request('/v1/simulations', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ preset: 'small-hospital', iterations: 90, seed: 4 }),
        });
        expect(launched.status).toBe(202);
        const { id } = await readJson(launched);
        let run;
        for (let i = 0; i < 600; i++) {
          run = await readJson(await app.request(`/v1/simulations/${id}`));
          if (!['queued', 'running'].includes(run.status)) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(run.status).toBe('succeeded');
        const expected = runInProcess({
          scenario: smallHospital.scenario,
          seed: 4,
          iterations: 90,
          source: { preset: 'small-hospital' },
        });
        const body = new Uint8Array(await (await app.request(`/v1/simulations/${id}/results`)).arrayBuffer());
        expect(sha256Hex(body)).toBe(expected.sha256);
        expect(await store.list(`runs/${id}/blocks/`)).toEqual([]);
      } finally {
        await worker.stop();
        await connection.close();
      }
    },
  );
});
