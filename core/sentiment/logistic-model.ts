import type { FeatureVector } from './hashing.ts';
import type { NeutralCalibration } from './neutral-calibration.ts';

/** Weights as shipped in core/sentiment/models/*.json. */
export interface ModelFile {
  version: string;
  language: 'en' | 'zh';
  bits: number;
  /** Logit offset applied at prediction (calibrates the class prior). */
  offset: number;
  /** Weight of the rule-based lexicon score added to the logit (English). */
  lexiconWeight: number;
  /** Sparse weights: feature index → weight. */
  weights: Record<string, number>;
  trainedOn: string;
  /** When a text is neutral; files without it use the old fixed band. */
  neutral?: NeutralCalibration;
}

function scaleVector(vector: FeatureVector, ratios: Float32Array): FeatureVector {
  const scaled = Object.create(Object.getPrototypeOf(vector)) as FeatureVector;
  Object.assign(scaled, {
    indices: vector.indices,
    values: vector.values.map((value, k) => value * (ratios[vector.indices[k] as number] as number)),
  });
  return scaled;
}

/** Binary logistic regression over hashed sparse features. */
export class LogisticModel {
  readonly weights: Float32Array;

  constructor(
    readonly bits: number,
    readonly version = 'untrained',
    public offset = 0,
  ) {
    this.weights = new Float32Array(1 << bits);
  }

  static fromFile(file: ModelFile): LogisticModel {
    const model = new LogisticModel(file.bits, file.version, file.offset);
    for (const [index, weight] of Object.entries(file.weights)) model.weights[Number(index)] = weight;
    return model;
  }

  logit(vector: FeatureVector): number {
    let sum = this.offset;
    for (let i = 0; i < vector.indices.length; i += 1)
      sum += (this.weights[vector.indices[i] as number] as number) * (vector.values[i] as number);
    return sum;
  }

  /** Probability of the positive class. */
  predict(vector: FeatureVector): number {
    return 1 / (1 + Math.exp(-this.logit(vector)));
  }

  /**
   * AdaGrad SGD with L2, in a fixed shuffled order (seeded) so a rebuild gives the same file.
   */
  /**
   * With `nbScale`, each feature is first scaled by its naive-Bayes log-count ratio (as in
   * NBSVM), which helps a linear model on small data; the ratios are folded into the
   * weights afterwards, so prediction is unchanged.
   */
  train(
    examples: Array<{ vector: FeatureVector; label: 0 | 1 }>,
    options: { epochs: number; rate: number; l2: number; seed: number; nbScale?: boolean; denseFeatures?: number },
  ): void {
    if (options.nbScale) {
      const ratios = this.logCountRatios(examples, options.denseFeatures ?? 8);
      const scaled = examples.map(({ vector, label }) => ({ vector: scaleVector(vector, ratios), label }));
      this.sgd(scaled, options);
      for (let i = 0; i < this.weights.length; i += 1)
        this.weights[i] = (this.weights[i] as number) * (ratios[i] as number);
      return;
    }
    this.sgd(examples, options);
  }

  private logCountRatios(examples: Array<{ vector: FeatureVector; label: 0 | 1 }>, dense: number): Float32Array {
    const positive = new Float32Array(this.weights.length).fill(1);
    const negative = new Float32Array(this.weights.length).fill(1);
    for (const { vector, label } of examples) {
      const counts = label === 1 ? positive : negative;
      vector.indices.forEach((index, k) => {
        counts[index] = (counts[index] as number) + Math.abs(vector.values[k] as number);
      });
    }
    const positiveTotal = positive.reduce((a, b) => a + b, 0);
    const negativeTotal = negative.reduce((a, b) => a + b, 0);
    const ratios = new Float32Array(this.weights.length);
    for (let i = 0; i < ratios.length; i += 1) {
      // Dense features (bias, lexicon) keep their scale; hashed ones get |r|, floored so none vanish.
      ratios[i] =
        i < dense
          ? 1
          : Math.max(
              Math.abs(Math.log((positive[i] as number) / positiveTotal / ((negative[i] as number) / negativeTotal))),
              0.1,
            );
    }
    return ratios;
  }

  private sgd(
    examples: Array<{ vector: FeatureVector; label: 0 | 1 }>,
    options: { epochs: number; rate: number; l2: number; seed: number },
  ): void {
    const squared = new Float32Array(this.weights.length).fill(1e-8);
    const order = examples.map((_, i) => i);
    let state = options.seed >>> 0;
    const random = () => ((state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
    for (let epoch = 0; epoch < options.epochs; epoch += 1) {
      for (let i = order.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      for (const index of order) {
        const { vector, label } = examples[index] as { vector: FeatureVector; label: 0 | 1 };
        const error = this.predict(vector) - label;
        for (let k = 0; k < vector.indices.length; k += 1) {
          const feature = vector.indices[k] as number;
          const gradient = error * (vector.values[k] as number) + options.l2 * (this.weights[feature] as number);
          squared[feature] = (squared[feature] as number) + gradient * gradient;
          this.weights[feature] =
            (this.weights[feature] as number) - (options.rate * gradient) / Math.sqrt(squared[feature] as number);
        }
      }
    }
  }

  /** Zeroes weights too small to matter, so the shipped file stays small. */
  prune(threshold: number): void {
    for (let i = 0; i < this.weights.length; i += 1)
      if (Math.abs(this.weights[i] as number) < threshold) this.weights[i] = 0;
  }

  toFile(language: 'en' | 'zh', version: string, trainedOn: string, lexiconWeight: number): ModelFile {
    const weights: Record<string, number> = {};
    this.weights.forEach((weight, index) => {
      const rounded = Math.round(weight * 1e3) / 1e3;
      if (rounded !== 0) weights[index] = rounded;
    });
    return {
      version,
      language,
      bits: this.bits,
      offset: Math.round(this.offset * 1e4) / 1e4,
      lexiconWeight,
      weights,
      trainedOn,
    };
  }
}
