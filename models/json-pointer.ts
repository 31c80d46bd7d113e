/**
 * JSON pointers (RFC 6901) into plain JSON documents: the one encoder and decoder every layer
 * uses (problem responses, override blame, stored-revision errors, notes, import messages), so
 * a key holding '/' or '~' is escaped the same way wherever a pointer is written or read.
 */

/** One reference token: '~' as '~0' and '/' as '~1' (in that order: '/' first would turn 'a/b' into 'a~01b'). */
export const escapePointerSegment = (segment: PropertyKey) => String(segment).replace(/~/g, '~0').replace(/\//g, '~1');

/** The pointer for a path of keys and indices, e.g. ['sites', 0, 'a/b'] -> /sites/0/a~1b; [] -> ''. */
export function pointerOf(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${escapePointerSegment(segment)}`).join('');
}

/** The reference tokens of a pointer, unescaped ('~1' to '/' first, then '~0' to '~'). */
export function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value a pointer names, or found: false when the document has nothing there. */
export function valueAt(document: unknown, pointer: string): { found: true; value: unknown } | { found: false } {
  if (pointer === '') return { found: true, value: document };
  let node: unknown = document;
  for (const key of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return { found: false };
    node = (node as Record<string, unknown>)[key];
  }
  return { found: true, value: node };
}

/**
 * Where two documents differ, as (pointer, from, to) at the deepest level both share: objects
 * key by key, arrays of equal length index by index; anything else that differs is one change.
 */
export function diffDocuments(
  from: unknown,
  to: unknown,
  at = '',
): { pointer: string; from?: unknown; to?: unknown }[] {
  if (JSON.stringify(from) === JSON.stringify(to)) return [];
  const bothArrays = Array.isArray(from) && Array.isArray(to) && from.length === to.length;
  const bothObjects =
    from !== null &&
    to !== null &&
    typeof from === 'object' &&
    typeof to === 'object' &&
    !Array.isArray(from) &&
    !Array.isArray(to);
  if (bothArrays) return from.flatMap((v, i) => diffDocuments(v, (to as unknown[])[i], `${at}/${i}`));
  if (bothObjects) {
    const a = from as Record<string, unknown>;
    const b = to as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => {
      const pointer = `${at}/${escapePointerSegment(k)}`;
      if (!Object.hasOwn(a, k)) return [{ pointer, to: b[k] }];
      if (!Object.hasOwn(b, k)) return [{ pointer, from: a[k] }];
      return diffDocuments(a[k], b[k], pointer);
    });
  }
  return [{ pointer: at, from, to }];
}
