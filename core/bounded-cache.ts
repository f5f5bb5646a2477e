/**
 * A small in-process cache that never outgrows its bound: entries expire after `ttlMs`, and
 * past `maxEntries` the least recently written goes first. For per-process copies of things
 * whose truth lives elsewhere (a workspace user's role, a community's catalog).
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get(key: K, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || now - entry.at >= this.ttlMs) return undefined;
    return entry.value;
  }

  set(key: K, value: V, now = Date.now()): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: now });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
  }

  /** The value even if it is stale (a display name is better late than missing). */
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  get size(): number {
    return this.entries.size;
  }
}
