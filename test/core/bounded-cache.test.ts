import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../core/bounded-cache.ts';

describe('in-process caches', () => {
  it('never hold more than their bound, dropping the least recently written, and expire', () => {
    const cache = new BoundedCache<string, number>(3, 1000);
    for (let i = 0; i < 10_000; i += 1) cache.set(`user-${i}`, i, 0);
    expect(cache.size).toBe(3);
    expect(cache.get('user-9999', 0)).toBe(9999);
    expect(cache.get('user-0', 0)).toBeUndefined();
    expect(cache.get('user-9999', 1000)).toBeUndefined();
    expect(cache.peek('user-9999')).toBe(9999);
  });
});
