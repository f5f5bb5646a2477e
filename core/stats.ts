/**
 * Small, dependency-free statistics for the figures managers read: proportions with 95%
 * confidence intervals and the two-proportion test behind "is this difference real".
 */

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** Standard normal cumulative distribution (Abramowitz–Stegun 26.2.17, error < 7.5e-8). */
export function normalCdf(z: number): number {
  const x = Math.abs(z);
  const t = 1 / (1 + 0.2316419 * x);
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)) * poly;
  return z >= 0 ? 1 - tail : tail;
}

export interface Proportion {
  successes: number;
  trials: number;
  /** successes / trials; null without trials. */
  rate: number | null;
  /** Wilson score interval at 95%: sensible for small counts and rates near 0 or 1. */
  low: number | null;
  high: number | null;
}

export function proportion(successes: number, trials: number, z = Z95): Proportion {
  if (trials <= 0) return { successes, trials, rate: null, low: null, high: null };
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  return { successes, trials, rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface Comparison {
  /** Rate of the treatment minus rate of the baseline. */
  difference: number;
  /** Newcombe's hybrid score interval of the difference (from the two Wilson intervals), 95%. */
  low: number;
  high: number;
  /** Two-sided p-value of the pooled two-proportion z-test. */
  pValue: number;
  /** p below the (corrected) level. */
  significant: boolean;
}

/**
 * Treatment against baseline. The test is the pooled z-test; the interval is Newcombe's,
 * which stays inside [−1, 1] and behaves with small counts. `comparisons` applies a
 * Bonferroni correction when one baseline is compared with several variants.
 */
export function compareProportions(
  treatment: { successes: number; trials: number },
  baseline: { successes: number; trials: number },
  options: { level?: number; comparisons?: number } = {},
): Comparison | null {
  const { successes: x1, trials: n1 } = treatment;
  const { successes: x2, trials: n2 } = baseline;
  if (n1 <= 0 || n2 <= 0) return null;
  const level = (options.level ?? 0.05) / Math.max(1, options.comparisons ?? 1);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se > 0 ? (p1 - p2) / se : 0;
  const pValue = se > 0 ? 2 * (1 - normalCdf(Math.abs(z))) : 1;
  const a = proportion(x1, n1);
  const b = proportion(x2, n2);
  const difference = p1 - p2;
  const low = difference - Math.sqrt((p1 - (a.low as number)) ** 2 + ((b.high as number) - p2) ** 2);
  const high = difference + Math.sqrt(((a.high as number) - p1) ** 2 + (p2 - (b.low as number)) ** 2);
  return { difference, low, high, pValue, significant: pValue < level };
}

/** A seeded uniform generator (mulberry32): simulations and scripts that must repeat exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable number in [0, 1) for a key: the same key always lands in the same place (assignments). */
export function unitHash(key: string): number {
  // FNV-1a, then a murmur-style finalizer so nearby keys spread evenly.
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** "12.3%" (or "—"). */
export function percent(rate: number | null, digits = 1): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(digits)}%`;
}

/** "12.3% (9.1–16.0%)": a rate with its 95% interval. */
export function rateWithInterval(p: Proportion): string {
  if (p.rate === null) return '—';
  return `${percent(p.rate)} (${((p.low as number) * 100).toFixed(1)}–${percent(p.high)})`;
}
