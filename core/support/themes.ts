import { displayTerms } from './terms.ts';

export interface Theme {
  term: string;
  /** How strongly it leans to its side (log-odds z-score). */
  weight: number;
  count: number;
}

function count(texts: string[], shownAs: Map<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const text of texts) {
    // Count each term once per text: one long rant should not make a theme alone.
    for (const { term, shown } of new Map(displayTerms(text).map((t) => [t.term, t])).values()) {
      counts.set(term, (counts.get(term) ?? 0) + 1);
      if (!shownAs.has(term)) shownAs.set(term, shown);
    }
  }
  return counts;
}

/**
 * Words that separate negative from positive texts, not merely frequent ones: the log-odds
 * ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn, 2008), as z-scores.
 */
export function separatingThemes(
  negative: string[],
  positive: string[],
  limit = 5,
  minCount = 2,
): { negative: Theme[]; positive: Theme[] } {
  const shownAs = new Map<string, string>();
  const neg = count(negative, shownAs);
  const pos = count(positive, shownAs);
  const prior = new Map<string, number>();
  for (const [term, n] of [...neg, ...pos]) prior.set(term, (prior.get(term) ?? 0) + n);
  const priorTotal = [...prior.values()].reduce((a, b) => a + b, 0) || 1;
  const alpha = 0.01 * priorTotal + 1;
  const negTotal = [...neg.values()].reduce((a, b) => a + b, 0);
  const posTotal = [...pos.values()].reduce((a, b) => a + b, 0);
  const scored: Theme[] = [];
  for (const [term, total] of prior) {
    const a = (alpha * total) / priorTotal;
    const n = neg.get(term) ?? 0;
    const p = pos.get(term) ?? 0;
    const delta = Math.log((n + a) / (negTotal + alpha - n - a)) - Math.log((p + a) / (posTotal + alpha - p - a));
    const variance = 1 / (n + a) + 1 / (p + a);
    scored.push({ term: shownAs.get(term) ?? term, weight: delta / Math.sqrt(variance), count: n + p });
  }
  const frequent = scored.filter((theme) => theme.count >= minCount);
  return {
    negative: frequent
      .filter((t) => t.weight > 0)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, limit),
    positive: frequent
      .filter((t) => t.weight < 0)
      .sort((a, b) => a.weight - b.weight)
      .slice(0, limit)
      .map((t) => ({ ...t, weight: -t.weight })),
  };
}
