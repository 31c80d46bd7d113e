/**
 * The one JSON-pointer encoder and decoder (models/json-pointer.ts), checked against RFC 6901's
 * own examples (section 5: the document with keys "a/b", "m~n", "" and "foo" as an array) and
 * through the API, whose problem responses name a field holding '/' or '~' by that encoding.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { escapePointerSegment, pointerOf, pointerSegments, valueAt } from '../../models/json-pointer.js';
import { FakeSimulationService } from '../support/fake-simulation-service.js';
import { readJson } from '../support/read-json.js';
import { tempStore } from '../support/temp-store.js';

/** RFC 6901 section 5's example document. */
const rfcDocument = {
  foo: ['bar', 'baz'],
  '': 0,
  'a/b': 1,
  'c%d': 2,
  'e^f': 3,
  'g|h': 4,
  'i\\j': 5,
  'k"l': 6,
  ' ': 7,
  'm~n': 8,
};

describe('JSON pointers (RFC 6901)', () => {
  it('escapes "/" as ~1 and "~" as ~0, "~" first', () => {
    expect(escapePointerSegment('a/b')).toBe('a~1b');
    expect(escapePointerSegment('m~n')).toBe('m~0n');
    // '~1' in a key is the two characters '~' and '1': '~' escaped, so it reads back as itself.
    expect(escapePointerSegment('~1')).toBe('~01');
    expect(escapePointerSegment('/~')).toBe('~1~0');
    expect(escapePointerSegment(0)).toBe('0');
  });

  it("writes the RFC's pointers from paths of keys and array indices", () => {
    expect(pointerOf([])).toBe('');
    expect(pointerOf(['foo'])).toBe('/foo');
    expect(pointerOf(['foo', 0])).toBe('/foo/0');
    expect(pointerOf([''])).toBe('/');
    expect(pointerOf(['a/b'])).toBe('/a~1b');
    expect(pointerOf(['m~n'])).toBe('/m~0n');
    expect(pointerOf([' '])).toBe('/ ');
    expect(pointerOf(['sites', 2, 'pools', 'a/b~c'])).toBe('/sites/2/pools/a~1b~0c');
  });

  it('reads back every key it writes, and finds the value the RFC says each pointer names', () => {
    for (const [key, value] of Object.entries(rfcDocument)) {
      const pointer = pointerOf([key]);
      expect(pointerSegments(pointer)).toEqual([key]);
      expect(valueAt(rfcDocument, pointer)).toEqual({ found: true, value });
    }
    expect(valueAt(rfcDocument, '')).toEqual({ found: true, value: rfcDocument });
    expect(valueAt(rfcDocument, '/foo/0')).toEqual({ found: true, value: 'bar' });
    expect(valueAt(rfcDocument, '/a~1b')).toEqual({ found: true, value: 1 });
    expect(valueAt(rfcDocument, '/m~0n')).toEqual({ found: true, value: 8 });
    // ~01 is '~1' (not '/'): decoded ~1 first, then ~0.
    expect(pointerSegments('/~01')).toEqual(['~1']);
    expect(valueAt(rfcDocument, '/a/b')).toEqual({ found: false });
  });

  it('names a key holding "/" or "~" in a problem response by that encoding', async () => {
    const app = createApp({ simulations: new FakeSimulationService(), store: tempStore() });
    // The launch request's overrides are a record of pointer to value; one that names nothing is
    // blamed at /overrides/<the pointer, escaped>.
    const res = await app.request('/v1/simulations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ preset: 'small-hospital', overrides: { '/no~such/field': 1 } }),
    });
    expect(res.status).toBe(422);
    const problem = (await readJson(res)) as { errors: { pointer: string; detail: string }[] };
    expect(problem.errors.map((e) => e.pointer)).toEqual(['/overrides/~1no~0such~1field']);
  });
});
