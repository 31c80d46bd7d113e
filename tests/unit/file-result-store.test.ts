import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FileResultStore } from '../../store/file-result-store.js';
import { ImmutableEntryError, InvalidKeyError } from '../../store/result-store.js';

const run = promisify(execFile);
const bytes = (text: string) => new TextEncoder().encode(text);
const fresh = () => new FileResultStore(mkdtempSync(path.join(os.tmpdir(), 'bedcast-store-')));

describe('file result store', () => {
  it('stores and returns bytes; a missing key is undefined', async () => {
    const store = fresh();
    expect(await store.put('runs/sim-abc/result.json', bytes('{"a":1}'))).toEqual({ created: true });
    expect(new TextDecoder().decode(await store.get('runs/sim-abc/result.json'))).toBe('{"a":1}');
    expect(await store.get('runs/sim-abc/other.json')).toBeUndefined();
    expect(await store.ready()).toBe(true);
  });

  it('reads an entry into a buffer of the caller, returning its length; a missing key is undefined', async () => {
    const store = fresh();
    const entry = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 255);
    await store.put('runs/x/blocks/000000000-5.f64', entry);
    // Into the middle of a larger buffer, as the summary reads each block into the run's array.
    const target = new Uint8Array(90_000);
    expect(await store.getInto('runs/x/blocks/000000000-5.f64', target.subarray(10_000, 80_000))).toBe(70_000);
    expect(Buffer.from(target.subarray(10_000, 80_000)).equals(entry)).toBe(true);
    expect(target[9_999]).toBe(0);
    expect(target[80_000]).toBe(0);
    // A short target takes what fits and still learns the entry's length.
    const short = new Uint8Array(100);
    expect(await store.getInto('runs/x/blocks/000000000-5.f64', short)).toBe(70_000);
    expect(Buffer.from(short).equals(entry.subarray(0, 100))).toBe(true);
    expect(await store.getInto('runs/x/blocks/none.f64', new Uint8Array(8))).toBeUndefined();
  });

  it('is idempotent for a retried write and refuses to change an entry', async () => {
    const store = fresh();
    await store.put('runs/x/result.json', bytes('one'));
    expect(await store.put('runs/x/result.json', bytes('one'))).toEqual({ created: false });
    await expect(store.put('runs/x/result.json', bytes('two'))).rejects.toBeInstanceOf(ImmutableEntryError);
    expect(new TextDecoder().decode(await store.get('runs/x/result.json'))).toBe('one');
  });

  it('writes working data without durability under the same rules, and removes one entry', async () => {
    const store = fresh();
    expect(await store.put('runs/x/blocks/000000000-1.block', bytes('one'), { durable: false })).toEqual({
      created: true,
    });
    expect(await store.put('runs/x/blocks/000000000-1.block', bytes('one'), { durable: false })).toEqual({
      created: false,
    });
    await expect(store.put('runs/x/blocks/000000000-1.block', bytes('two'), { durable: false })).rejects.toBeInstanceOf(
      ImmutableEntryError,
    );
    expect(readdirSync(path.join(store.root, 'runs/x/blocks'))).toEqual(['000000000-1.block']);
    // Removing one entry (a torn block) lets other bytes take its place.
    expect(await store.remove('runs/x/blocks/000000000-1.block')).toBe(true);
    expect(await store.remove('runs/x/blocks/000000000-1.block')).toBe(false);
    expect(await store.put('runs/x/blocks/000000000-1.block', bytes('two'), { durable: false })).toEqual({
      created: true,
    });
    expect(new TextDecoder().decode(await store.get('runs/x/blocks/000000000-1.block'))).toBe('two');
    await expect(store.remove('../x')).rejects.toBeInstanceOf(InvalidKeyError);
  });

  it('lists keys under a prefix, sorted, without temporary files', async () => {
    const store = fresh();
    for (const k of ['runs/b/result.json', 'runs/a/shards/1', 'runs/a/shards/0', 'other/z'])
      await store.put(k, bytes(k));
    expect(await store.list('runs/a')).toEqual(['runs/a/shards/0', 'runs/a/shards/1']);
    expect(await store.list('runs/')).toEqual(['runs/a/shards/0', 'runs/a/shards/1', 'runs/b/result.json']);
    expect(await store.list('none')).toEqual([]);
  });

  it('rejects keys that could escape the store', async () => {
    const store = fresh();
    for (const key of ['../etc/passwd', '/abs', 'runs/../x', 'Runs/UPPER', 'runs//x', 'runs/x.tmp', '']) {
      await expect(store.put(key, bytes('x')), key).rejects.toBeInstanceOf(InvalidKeyError);
    }
  });

  it('lets exactly one of several processes create an entry, and never shows a torn one', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'bedcast-store-race-'));
    const store = new FileResultStore(root);
    const writer = fileURLToPath(new URL('../support/store-writer.ts', import.meta.url));
    const size = 8 * 1024 * 1024;
    const startAt = Date.now() + 1500;
    const writers = Array.from({ length: 4 }, () =>
      run(process.execPath, ['--import', 'tsx', writer, root, 'runs/race/result.bin', String(size), String(startAt)]),
    );
    // Read while the writers race: an entry is either absent or whole.
    let reads = 0;
    let sawPartial = false;
    const reader = (async () => {
      while (Date.now() < startAt + 3000) {
        const got = await store.get('runs/race/result.bin');
        if (got) {
          reads += 1;
          if (got.length !== size) sawPartial = true;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const outcomes = (await Promise.all(writers)).map((r) => JSON.parse(r.stdout) as { created: boolean });
    await reader;
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    expect(sawPartial).toBe(false);
    expect(reads).toBeGreaterThan(0);
    const stored = (await store.get('runs/race/result.bin'))!;
    expect(stored.length).toBe(size);
    expect(stored.every((b, i) => b === (i * 31 + 7) % 251)).toBe(true);
    // No temporary files left behind.
    expect(readdirSync(path.join(root, 'runs', 'race'))).toEqual(['result.bin']);
  });
  it('removes a prefix, and only that prefix', async () => {
    const store = new FileResultStore(mkdtempSync(path.join(os.tmpdir(), 'bedcast-remove-')));
    const b = (t: string) => new TextEncoder().encode(t);
    await store.put('runs/p/blocks/000000000-1.f64', b('a'));
    await store.put('runs/p/blocks/000000001-1.f64', b('b'));
    await store.put('runs/p/blocks_other/x', b('c'));
    await store.put('runs/p/result.json', b('r'));
    expect(await store.removePrefix('runs/p/blocks/')).toBe(2);
    expect(await store.list('runs/p/')).toEqual(['runs/p/blocks_other/x', 'runs/p/result.json']);
    expect(await store.removePrefix('runs/p/blocks/')).toBe(0);
    await expect(store.removePrefix('runs/p')).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.removePrefix('../')).rejects.toBeInstanceOf(InvalidKeyError);
  });
});
