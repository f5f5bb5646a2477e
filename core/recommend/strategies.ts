/** The served blend's content weight (tuned on MovieLens DEV rows, scripts/eval/recommend.ts). */
export const DEFAULT_CONTENT_WEIGHT = 0.01;

/**
 * How picks are chosen: `blend` (EASE plus tag content, the default), `blend-<w>` (the same
 * with content weight w), `popularity` (the community's most popular items), `none` (no picks:
 * an experiment's control). A strategy is also an experiment variant's name.
 */
export type Strategy =
  | { name: string; kind: 'blend'; contentWeight: number }
  | { name: string; kind: 'popularity' }
  | { name: string; kind: 'none' };

export const STRATEGY_PATTERN = /^(blend|popularity|none|blend-(0|[1-9]\d?)(\.\d{1,3})?)$/;

/** The strategy a name stands for, or null when it is not one. */
export function parseStrategy(name: string): Strategy | null {
  if (!STRATEGY_PATTERN.test(name)) return null;
  if (name === 'popularity' || name === 'none') return { name, kind: name };
  const weight = name === 'blend' ? DEFAULT_CONTENT_WEIGHT : Number(name.slice('blend-'.length));
  return Number.isFinite(weight) && weight <= 10 ? { name, kind: 'blend', contentWeight: weight } : null;
}

/** Blends whose picks training must precompute: the default always, and any other in use. */
export function blendWeights(names: string[]): number[] {
  const weights = new Set([DEFAULT_CONTENT_WEIGHT]);
  for (const name of names) {
    const strategy = parseStrategy(name);
    if (strategy?.kind === 'blend') weights.add(strategy.contentWeight);
  }
  return [...weights].sort((a, b) => a - b);
}
