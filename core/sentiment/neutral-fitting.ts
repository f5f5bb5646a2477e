import {
  isNeutral,
  labelOf,
  weightedMacroF1,
  type NeutralCalibration,
  type NeutralFeature,
  type NeutralValues,
  type SentimentLabel,
} from './neutral-calibration.ts';

/** One row for fitting: its calibration inputs, cross-validated logit and three-way truth. */
export interface CalibrationExample {
  values: NeutralValues;
  logit: number;
  truth: SentimentLabel;
  /** 1 for rows from a set with a neutral class; less for two-way sets (all polar by construction). */
  weight: number;
  threeWay: boolean;
}

/** Fewer rows of either kind than this and a fitted calibration would mostly be noise. */
export const MIN_CALIBRATION_ROWS = 10;
const FOLDS = 5;

interface Fitted {
  probability: (values: NeutralValues) => number;
  /** Weights and bias on raw values, the threshold not yet folded in. */
  weights: Partial<Record<NeutralFeature, number>>;
  bias: number;
}

/** L2-regularized logistic regression on standardized features, full-batch gradient descent. */
function fitLogistic(examples: CalibrationExample[], features: readonly NeutralFeature[]): Fitted {
  const n = features.length;
  const totalWeight = examples.reduce((sum, e) => sum + e.weight, 0);
  const mean = features.map((f) => examples.reduce((sum, e) => sum + e.values[f], 0) / examples.length);
  const scale = features.map(
    (f, j) =>
      Math.sqrt(examples.reduce((sum, e) => sum + (e.values[f] - (mean[j] as number)) ** 2, 0) / examples.length) || 1,
  );
  const rows = examples.map((e) => features.map((f, j) => (e.values[f] - (mean[j] as number)) / (scale[j] as number)));
  const targets = examples.map((e) => (e.truth === 'neutral' ? 1 : 0));
  const w = new Array<number>(n).fill(0);
  let b = 0;
  for (let iteration = 0; iteration < 400; iteration += 1) {
    const gradient = new Array<number>(n).fill(0);
    let gradientBias = 0;
    rows.forEach((row, i) => {
      const z = row.reduce((sum, x, j) => sum + x * (w[j] as number), b);
      const error = (1 / (1 + Math.exp(-z)) - (targets[i] as number)) * (examples[i] as CalibrationExample).weight;
      gradientBias += error;
      row.forEach((x, j) => (gradient[j] = (gradient[j] as number) + error * x));
    });
    for (let j = 0; j < n; j += 1)
      w[j] = (w[j] as number) - 0.5 * ((gradient[j] as number) / totalWeight + 1e-3 * (w[j] as number));
    b -= (0.5 * gradientBias) / totalWeight;
  }
  const weights: Partial<Record<NeutralFeature, number>> = {};
  let bias = b;
  features.forEach((f, j) => {
    weights[f] = (w[j] as number) / (scale[j] as number);
    bias -= ((w[j] as number) * (mean[j] as number)) / (scale[j] as number);
  });
  const probability = (values: NeutralValues) =>
    1 / (1 + Math.exp(-features.reduce((sum, f) => sum + (weights[f] as number) * values[f], bias)));
  return { probability, weights, bias };
}

const predict = (p: number, logit: number, threshold: number): SentimentLabel =>
  labelOf(Math.tanh(logit / 2), p >= threshold);

/**
 * Fits neutral-versus-polar on the examples and picks the probability cut that maximizes the
 * weighted three-way macro-F1 of 5-fold cross-validated probabilities; `outOfFold` are those
 * cross-validated labels. Undefined when too few neutral or polar rows have a neutral class.
 */
export function fitNeutralCalibration(
  examples: CalibrationExample[],
  features: readonly NeutralFeature[],
  fittedOn: string,
): { calibration: NeutralCalibration; outOfFold: SentimentLabel[] } | undefined {
  const threeWay = examples.filter((e) => e.threeWay);
  const neutralRows = threeWay.filter((e) => e.truth === 'neutral').length;
  if (neutralRows < MIN_CALIBRATION_ROWS || threeWay.length - neutralRows < MIN_CALIBRATION_ROWS) return undefined;
  const outOfFold = new Array<number>(examples.length).fill(0);
  for (let fold = 0; fold < FOLDS; fold += 1) {
    const model = fitLogistic(
      examples.filter((_, i) => i % FOLDS !== fold),
      features,
    );
    examples.forEach((e, i) => {
      if (i % FOLDS === fold) outOfFold[i] = model.probability(e.values);
    });
  }
  const truth = examples.map((e) => e.truth);
  const weights = examples.map((e) => e.weight);
  let best = { threshold: 0.5, macroF1: -1 };
  for (let step = 5; step <= 95; step += 1) {
    const threshold = step / 100;
    const predicted = examples.map((e, i) => predict(outOfFold[i] as number, e.logit, threshold));
    const macroF1 = weightedMacroF1(truth, predicted, weights);
    if (macroF1 > best.macroF1) best = { threshold, macroF1 };
  }
  const predicted = examples.map((e, i) => predict(outOfFold[i] as number, e.logit, best.threshold));
  const threeWayIndexes = examples.flatMap((e, i) => (e.threeWay ? [i] : []));
  const twoWayIndexes = examples.flatMap((e, i) => (e.threeWay ? [] : [i]));
  const model = fitLogistic(examples, features);
  const calibration: NeutralCalibration = {
    weights: Object.fromEntries(Object.entries(model.weights).map(([f, w]) => [f, round(w)])),
    bias: round(model.bias - Math.log(best.threshold / (1 - best.threshold))),
    threshold: best.threshold,
    fittedOn,
    cv: {
      rows: threeWay.length,
      neutralRows,
      accuracy: round(threeWayIndexes.filter((i) => predicted[i] === truth[i]).length / threeWay.length, 3),
      macroF1: round(
        weightedMacroF1(
          threeWayIndexes.map((i) => truth[i] as SentimentLabel),
          threeWayIndexes.map((i) => predicted[i] as SentimentLabel),
        ),
        3,
      ),
      twoWayRows: twoWayIndexes.length,
      twoWayRowsCalledNeutral: round(
        twoWayIndexes.filter((i) => predicted[i] === 'neutral').length / Math.max(twoWayIndexes.length, 1),
        3,
      ),
    },
  };
  return { calibration, outOfFold: predicted };
}

function round(value: number, digits = 5): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Three-way labels the calibration gives examples (for figures on rows it was not fitted on). */
export function calibratedLabels(calibration: NeutralCalibration, examples: CalibrationExample[]): SentimentLabel[] {
  return examples.map((e) => labelOf(Math.tanh(e.logit / 2), isNeutral(calibration, e.values)));
}
