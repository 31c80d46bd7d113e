import { describe, expect, it } from 'vitest';
import { ViewCache } from '../../api/view-cache.js';

const view = (n: number) => ({ body: new Uint8Array(n), etag: `"${n}"`, contentType: 'application/json' });

describe('view cache', () => {
  it('keeps views within its byte budget, dropping the least recently used first', () => {
    const cache = new ViewCache(1000);
    cache.set('a', view(200));
    cache.set('b', view(200));
    cache.set('c', view(200));
    expect(cache.get('a')?.etag).toBe('"200"');
    cache.set('d', view(200));
    cache.set('e', view(200));
    // 1,000 bytes hold five of 200; a sixth pushes out the least recently used, which is b (a was read).
    cache.set('f', view(200));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.size).toBe(5);
  });

  it('does not hold a view bigger than a quarter of its budget', () => {
    const cache = new ViewCache(1000);
    cache.set('big', view(300));
    expect(cache.get('big')).toBeUndefined();
  });
});
