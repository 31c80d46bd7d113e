/**
 * The embedded default result store: one file per entry under a directory.
 *
 * A write goes to a temporary file in the target directory, is fsynced (unless the caller says the
 * entry need not be durable), then hard-linked to its final name. link() fails if the name
 * exists, so creation is atomic and never overwrites, even with several processes writing at
 * once: readers see a whole entry or none, never a torn one.
 * A retried write of the same bytes finds the entry and succeeds without writing.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, link, rm, unlink, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  checkKey,
  checkPrefix,
  ImmutableEntryError,
  type PutOptions,
  type PutOutcome,
  type ResultStore,
} from './result-store.js';

export class FileResultStore implements ResultStore {
  constructor(readonly root: string) {}

  private pathOf(key: string): string {
    return path.join(this.root, ...checkKey(key).split('/'));
  }

  async put(key: string, bytes: Uint8Array, options: PutOptions = {}): Promise<PutOutcome> {
    const durable = options.durable ?? true;
    const target = this.pathOf(key);
    const existing = await this.read(target);
    if (existing) return sameOrThrow(key, existing, bytes);
    const dir = path.dirname(target);
    await mkdir(dir, { recursive: true });
    const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      // Two fsyncs per entry cost 5-60 ms each on a busy disk: a tenth of a shard's time when
      // every chunk of iterations waited for them (bench:temporal).
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temp, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Another writer won the race: fine if it wrote the same bytes.
      return sameOrThrow(key, (await this.read(target))!, bytes);
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    if (durable) await syncDirectory(dir);
    return { created: true };
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.read(this.pathOf(key));
  }

  async getInto(key: string, target: Uint8Array): Promise<number | undefined> {
    let handle;
    try {
      handle = await open(this.pathOf(key), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    try {
      const { size } = await handle.stat();
      const wanted = Math.min(size, target.byteLength);
      for (let at = 0; at < wanted;) {
        const { bytesRead } = await handle.read(target, at, wanted - at, at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return size;
    } finally {
      await handle.close();
    }
  }

  async list(prefix: string): Promise<string[]> {
    const base = prefix === '' ? this.root : this.pathOf(prefix.replace(/\/$/, ''));
    const out: string[] = [];
    const walk = async (dir: string, rel: string) => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
          return;
        throw err;
      }
      for (const e of entries) {
        if (e.name.startsWith('.')) continue; // temporary files of writes in flight
        const key = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(path.join(dir, e.name), key);
        else out.push(key);
      }
    };
    const relBase = prefix === '' ? '' : prefix.replace(/\/$/, '');
    if (prefix !== '' && (await stat(base).catch(() => undefined))?.isFile()) return [relBase];
    await walk(base, relBase);
    return out.sort();
  }

  async removePrefix(prefix: string): Promise<number> {
    const keys = await this.list(checkPrefix(prefix));
    // Removing the directory whole is atomic enough: a reader sees an entry or none.
    await rm(this.pathOf(prefix.slice(0, -1)), { recursive: true, force: true });
    return keys.length;
  }

  async remove(key: string): Promise<boolean> {
    try {
      await unlink(this.pathOf(key));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async ready(): Promise<boolean> {
    try {
      await mkdir(this.root, { recursive: true });
      const probe = path.join(this.root, `.ready.${process.pid}.tmp`);
      const h = await open(probe, 'w');
      await h.close();
      await unlink(probe);
      return true;
    } catch {
      return false;
    }
  }

  private async read(file: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }
}

function sameOrThrow(key: string, existing: Uint8Array, bytes: Uint8Array): PutOutcome {
  if (Buffer.from(existing.buffer, existing.byteOffset, existing.byteLength).equals(bytes)) return { created: false };
  throw new ImmutableEntryError(key);
}

/** Makes the new directory entry itself durable (the rename/link is in the directory's data). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
