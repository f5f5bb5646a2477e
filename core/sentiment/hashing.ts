/** FNV-1a over UTF-16 code units: fast, stable across runs, good enough spread for hashing features. */
export function hashFeature(text: string, bits: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & ((1 << bits) - 1);
}

/** Sparse features: hashed indices with values (repeats add up). */
export class FeatureVector {
  readonly indices: number[] = [];
  readonly values: number[] = [];

  constructor(private readonly bits: number) {}

  add(name: string, value = 1): void {
    this.indices.push(hashFeature(name, this.bits));
    this.values.push(value);
  }

  /** A dense feature at a reserved index below the hashed space's use. */
  addAt(index: number, value: number): void {
    this.indices.push(index);
    this.values.push(value);
  }
}
