import type { TextFeatures } from './features.ts';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

/** What the neutral calibration may look at besides the score itself. */
export const NEUTRAL_FEATURES = [
  'absLogit',
  'absScore',
  'score',
  'absModelLogit',
  'absLexicon',
  'cues',
  'noCues',
  'words',
  'question',
  'exclaim',
  'link',
  'mention',
] as const;
export type NeutralFeature = (typeof NEUTRAL_FEATURES)[number];
export type NeutralValues = Record<NeutralFeature, number>;

/**
 * Decides neutral versus positive/negative; the polarity itself stays the score's sign, so a
 * label never contradicts its score. Stored in the model file beside the weights.
 */
export interface NeutralCalibration {
  /** Weights on the raw feature values: neutral when bias + Σ weight × value ≥ 0. */
  weights: Partial<Record<NeutralFeature, number>>;
  bias: number;
  /** The probability cut chosen by cross-validation (already part of `bias`; kept to explain the file). */
  threshold: number;
  fittedOn: string;
  /** Cross-validated figures on the rows that have a neutral class. */
  cv: {
    rows: number;
    neutralRows: number;
    accuracy: number;
    macroF1: number;
    /** Rows of two-way sets (all polar) fitted beside them, and the share of those called neutral. */
    twoWayRows: number;
    twoWayRowsCalledNeutral: number;
  };
}

/** The calibration's inputs for one scored text; `ruleLogit` is the lexicon's part of the logit. */
export function neutralValues(text: string, logit: number, ruleLogit: number, features: TextFeatures): NeutralValues {
  const score = Math.tanh(logit / 2);
  return {
    absLogit: Math.abs(logit),
    absScore: Math.abs(score),
    score,
    absModelLogit: Math.abs(logit - ruleLogit),
    absLexicon: Math.abs(features.lexicon),
    cues: Math.min(features.cues, 4),
    noCues: features.cues === 0 ? 1 : 0,
    words: Math.log1p(features.words),
    question: /[?？]/.test(text) ? 1 : 0,
    exclaim: /[!！]/.test(text) ? 1 : 0,
    link: /https?:\/\/|www\./i.test(text) ? 1 : 0,
    mention: /(^|\s)[@＠]\w/u.test(text) ? 1 : 0,
  };
}

export function isNeutral(calibration: NeutralCalibration, values: NeutralValues): boolean {
  let sum = calibration.bias;
  for (const [name, weight] of Object.entries(calibration.weights)) sum += weight * values[name as NeutralFeature];
  return sum >= 0;
}

/** The label from a score and whether the calibration calls the text neutral. */
export function labelOf(score: number, neutral: boolean): SentimentLabel {
  if (neutral) return 'neutral';
  return score >= 0 ? 'positive' : 'negative';
}

/** The old fixed band, for model files written before calibration existed. */
export const NEUTRAL_BAND = 0.25;

export function bandCalibration(band = NEUTRAL_BAND): NeutralCalibration {
  return {
    weights: { absScore: -1 },
    bias: band - 1e-9,
    threshold: 0.5,
    fittedOn: `fixed band |score| < ${band}`,
    cv: { rows: 0, neutralRows: 0, accuracy: 0, macroF1: 0, twoWayRows: 0, twoWayRowsCalledNeutral: 0 },
  };
}

/** Three-way macro-F1 with row weights (two-way rows count less than rows with a neutral class). */
export function weightedMacroF1(truth: SentimentLabel[], predicted: SentimentLabel[], weights?: number[]): number {
  let sum = 0;
  for (const label of ['negative', 'neutral', 'positive'] as const) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((actual, i) => {
      const weight = weights?.[i] ?? 1;
      if (actual === label && predicted[i] === label) tp += weight;
      else if (predicted[i] === label) fp += weight;
      else if (actual === label) fn += weight;
    });
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / 3;
}
