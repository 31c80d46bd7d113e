/**
 * gzip for rendered views (results JSON and CSV, the report page). A view is compressed once,
 * when it is made, and the compressed bytes are kept beside it: clients that accept gzip (browsers,
 * Python requests and httpx, R's httr, curl --compressed) get a seventh of the bytes at no
 * per-request cost. A full SEL result is 356 KiB as JSON; moving that many bytes per response,
 * not the API's own work, is what bounded the requests per second.
 *
 * The gzip representation has its own ETag (a strong validator names one representation), and
 * responses vary by Accept-Encoding.
 */
import { constants, gzipSync } from 'node:zlib';

/** Smaller bodies are not worth a compressed copy. */
const COMPRESS_FROM_BYTES = 1024;

/** The compressed bytes, or undefined when the body is small or does not shrink. */
export function gzipped(body: Uint8Array): Uint8Array | undefined {
  if (body.byteLength < COMPRESS_FROM_BYTES) return undefined;
  const out = gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
  // A copy of its own: the zlib output sits in a larger buffer.
  return out.byteLength < body.byteLength ? new Uint8Array(out) : undefined;
}

/** The ETag of a view's gzip representation, from the view's own ETag ("<sha256>"). */
export function gzipEtag(etag: string): string {
  return `${etag.slice(0, -1)}-gzip"`;
}

/**
 * Whether an Accept-Encoding header accepts gzip (RFC 9110 12.5.3): gzip, x-gzip or *, with a
 * quality above zero; an explicit gzip;q=0 refuses it even where * would allow it.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    let q = 1;
    for (const p of params) {
      const [name, value] = p.trim().split('=');
      if (name === 'q') q = Number(value);
    }
    if (!Number.isFinite(q)) continue;
    const name = coding!.trim();
    if (name === 'gzip' || name === 'x-gzip') gzip = Math.max(gzip ?? 0, q);
    else if (name === '*') any = q;
  }
  return gzip !== undefined ? gzip > 0 : (any ?? 0) > 0;
}
