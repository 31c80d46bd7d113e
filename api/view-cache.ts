/**
 * Rendered result views (JSON as stored, filtered JSON, CSV) kept in memory by the request that
 * made them. A result never changes once stored, so neither does any view of it: entries never go
 * stale, and the cache is bounded by bytes only (least recently used goes first). It spares each
 * repeat fetch the store read, the CSV rendering and the hashing for the ETag.
 */
export interface RenderedView {
  body: Uint8Array;
  etag: string;
  contentType: string;
  /** The body gzipped once (content-encoding.ts), where that is smaller. */
  gzip?: Uint8Array;
}

const sizeOf = (view: RenderedView) => view.body.byteLength + (view.gzip?.byteLength ?? 0);

export class ViewCache {
  private readonly entries = new Map<string, RenderedView>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 2 ** 20) {}

  get(key: string): RenderedView | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, view: RenderedView): void {
    if (sizeOf(view) > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= sizeOf(old);
      this.entries.delete(key);
    }
    this.entries.set(key, view);
    this.bytes += sizeOf(view);
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= sizeOf(v);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
