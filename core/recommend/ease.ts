import { invertSymmetricPositiveDefinite } from './linear-algebra.ts';

export interface WeightedInteraction {
  user: string;
  item: string;
  weight: number;
}

/** EASE (Steck, 2019): item-to-item weights B = I − P·diag(1/diag P), P = (XᵀX + λI)⁻¹, diag B = 0. */
export interface EaseModel {
  items: string[];
  index: Map<string, number>;
  weights: Float32Array;
  lambda: number;
}

/**
 * Trains on implicit feedback. Items with fewer than `minSupport` users are left out (they
 * cannot be learned from co-occurrence; popularity and content cover them).
 */
export function trainEase(
  interactions: WeightedInteraction[],
  options: { lambda: number; minSupport: number },
): EaseModel {
  const users = new Map<string, Map<string, number>>();
  const support = new Map<string, number>();
  for (const { user, item, weight } of interactions) {
    const row = users.get(user) ?? new Map<string, number>();
    if (!row.has(item)) support.set(item, (support.get(item) ?? 0) + 1);
    row.set(item, (row.get(item) ?? 0) + weight);
    users.set(user, row);
  }
  const items = [...support]
    .filter(([, count]) => count >= options.minSupport)
    .map(([item]) => item)
    .sort();
  const index = new Map(items.map((item, i) => [item, i]));
  const n = items.length;
  const gram = new Float64Array(n * n);
  for (const row of users.values()) {
    const entries = [...row].flatMap(([item, weight]) => {
      const i = index.get(item);
      return i === undefined ? [] : [[i, weight] as const];
    });
    for (const [i, wi] of entries)
      for (const [j, wj] of entries) gram[i * n + j] = (gram[i * n + j] as number) + wi * wj;
  }
  for (let i = 0; i < n; i += 1) gram[i * n + i] = (gram[i * n + i] as number) + options.lambda;
  const inverse = n > 0 ? invertSymmetricPositiveDefinite(gram, n) : new Float64Array(0);
  const weights = new Float32Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j < n; j += 1)
      weights[i * n + j] = i === j ? 0 : -(inverse[i * n + j] as number) / (inverse[j * n + j] as number);
  }
  return { items, index, weights, lambda: options.lambda };
}

/** Scores every item for one user's history (item → weight); returns one score per model item. */
export function easeScores(model: EaseModel, history: Map<string, number>): Float32Array {
  const n = model.items.length;
  const scores = new Float32Array(n);
  for (const [item, weight] of history) {
    const i = model.index.get(item);
    if (i === undefined) continue;
    const row = i * n;
    for (let j = 0; j < n; j += 1) scores[j] = (scores[j] as number) + weight * (model.weights[row + j] as number);
  }
  return scores;
}

/** Which of the user's items contributes most to an item's score: the "because you liked X". */
export function strongestReason(model: EaseModel, history: Map<string, number>, item: string): string | null {
  const j = model.index.get(item);
  if (j === undefined) return null;
  let best: string | null = null;
  let bestValue = 0;
  for (const [source, weight] of history) {
    const i = model.index.get(source);
    if (i === undefined) continue;
    const value = weight * (model.weights[i * model.items.length + j] as number);
    if (value > bestValue) {
      bestValue = value;
      best = source;
    }
  }
  return best;
}
