/** Implicit-feedback strength of each interaction type; dismissals exclude instead. */
export const INTERACTION_WEIGHTS = {
  view: 1,
  click: 2,
  like: 3,
  search: 0,
  purchase: 8,
  redeem: 5,
  dismiss: 0,
} as const;

/**
 * How much a past interaction counts now: halves every `halfLifeDays`, never below `floor`
 * (an old favourite still says something). Tuned on MovieLens DEV rows: recent interactions
 * predict the next one far better than old ones.
 */
export function recencyWeight(ageDays: number, halfLifeDays = 1, floor = 0.05): number {
  return floor + Math.pow(0.5, Math.max(ageDays, 0) / halfLifeDays);
}
