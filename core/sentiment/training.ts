import { chineseTextFeatures, englishFeatures, FEATURE_BITS, type TextFeatures } from './features.ts';
import { LogisticModel, type ModelFile } from './logistic-model.ts';
import {
  bandCalibration,
  neutralValues,
  type NeutralCalibration,
  type NeutralFeature,
  type SentimentLabel,
} from './neutral-calibration.ts';
import { calibratedLabels, fitNeutralCalibration, type CalibrationExample } from './neutral-fitting.ts';

export type SentimentLanguage = 'en' | 'zh';

/**
 * One labelled text; `set` names where it came from (figures per set). A row trains the
 * polarity model through `label` and calibrates the neutral class through `threeWay`.
 */
export interface LabelledText {
  text: string;
  /** 1 positive, 0 negative; null for a neutral row (it only calibrates). */
  label: 0 | 1 | null;
  /** Three-way truth, when the row's set has a neutral class; two-way sets leave it out. */
  threeWay?: SentimentLabel;
  /** Calibrates the neutral class only, never trains the polarity model. */
  calibrationOnly?: boolean;
  set: string;
}

/**
 * Chosen by 5-fold cross-validation on DEV rows: naive-Bayes scaled features; for English
 * the lexicon score is added to the logit with weight 4 (balances the review sets and the
 * tweets); for Chinese a −0.35 offset balances the 69 % positive prior for macro-F1.
 * `neutral`: the calibration's inputs and how much a row of a two-way set (all polar) counts
 * beside a row with a neutral class — see core/sentiment/MODELS.md for how they were chosen.
 */
export const TRAINING_SETTINGS = {
  en: {
    training: { epochs: 12, rate: 0.15, l2: 1e-5, seed: 7, nbScale: true },
    offset: 0,
    lexiconWeight: 4,
    prune: 0.03,
    neutral: {
      features: [
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
      ] as readonly NeutralFeature[],
      twoWayWeight: 0.1,
    },
  },
  zh: {
    training: { epochs: 10, rate: 0.1, l2: 1e-5, seed: 11, nbScale: true },
    offset: -0.35,
    lexiconWeight: 0,
    prune: 0.03,
    neutral: {
      features: ['absScore', 'noCues', 'question', 'words'] as readonly NeutralFeature[],
      twoWayWeight: 0.05,
    },
  },
} as const;

interface Example {
  features: TextFeatures;
  row: LabelledText;
}

function featurize(language: SentimentLanguage, rows: LabelledText[]): Example[] {
  return rows.map((row) => ({
    features: language === 'zh' ? chineseTextFeatures(row.text) : englishFeatures(row.text),
    row,
  }));
}

const trainsPolarity = (row: LabelledText) => row.label !== null && !row.calibrationOnly;

function fit(language: SentimentLanguage, examples: Example[], prune: number): LogisticModel {
  const model = new LogisticModel(FEATURE_BITS);
  model.train(
    examples
      .filter((e) => trainsPolarity(e.row))
      .map((e) => ({ vector: e.features.vector, label: e.row.label as 0 | 1 })),
    TRAINING_SETTINGS[language].training,
  );
  model.offset = TRAINING_SETTINGS[language].offset;
  model.prune(prune);
  return model;
}

function outOfFoldLogits(language: SentimentLanguage, examples: Example[], folds: number, prune: number): number[] {
  const lexiconWeight = TRAINING_SETTINGS[language].lexiconWeight;
  const logits = new Array<number>(examples.length).fill(0);
  for (let fold = 0; fold < folds; fold += 1) {
    const model = fit(
      language,
      examples.filter((_, i) => i % folds !== fold),
      prune,
    );
    examples.forEach((example, i) => {
      if (i % folds === fold)
        logits[i] = model.logit(example.features.vector) + lexiconWeight * example.features.lexicon;
    });
  }
  return logits;
}

/** k-fold cross-validated logits (as the scorer blends them) for each row, in the rows' order. */
export function crossValidatedLogits(
  language: SentimentLanguage,
  rows: LabelledText[],
  options: { folds?: number; prune?: number } = {},
): number[] {
  const prune = options.prune ?? TRAINING_SETTINGS[language].prune;
  return outOfFoldLogits(language, featurize(language, rows), options.folds ?? 5, prune);
}

/** k-fold cross-validated predictions (1 positive) for each row, in the rows' order. */
export function crossValidatedPredictions(
  language: SentimentLanguage,
  rows: LabelledText[],
  options: { folds?: number; prune?: number } = {},
): Array<0 | 1> {
  return crossValidatedLogits(language, rows, options).map((logit) => (logit >= 0 ? 1 : 0));
}

/** Rows with a neutral class count fully; rows of two-way sets count as polar, with less weight. */
function calibrationExamples(language: SentimentLanguage, examples: Example[], logits: number[]): CalibrationExample[] {
  const { lexiconWeight, neutral } = TRAINING_SETTINGS[language];
  return examples.map(({ features, row }, i) => {
    const logit = logits[i] as number;
    const truth = row.threeWay ?? (row.label === 1 ? 'positive' : 'negative');
    return {
      values: neutralValues(row.text, logit, lexiconWeight * features.lexicon, features),
      logit,
      truth,
      weight: row.threeWay ? 1 : neutral.twoWayWeight,
      threeWay: row.threeWay !== undefined,
    };
  });
}

/** A trained model file and, per row, the 5-fold cross-validated score and three-way label. */
export interface TrainedModel {
  file: ModelFile;
  outOfFold: Array<{ score: number; label: SentimentLabel }>;
  /** False when too few rows had a neutral class and `fallbackNeutral` was kept. */
  calibrated: boolean;
}

/**
 * Trains the model the scorer loads for one language, as the file it is shipped in: the
 * polarity weights from the rows with a label, and the neutral calibration fitted on
 * cross-validated logits (so it sees scores as they fall on unseen text). Without enough rows
 * that have a neutral class, `fallbackNeutral` (the shipped model's) is kept.
 */
export function trainSentimentModel(
  language: SentimentLanguage,
  rows: LabelledText[],
  options: {
    version: string;
    trainedOn: string;
    prune?: number;
    folds?: number;
    fallbackNeutral?: NeutralCalibration;
  },
): TrainedModel {
  const settings = TRAINING_SETTINGS[language];
  const prune = options.prune ?? settings.prune;
  const examples = featurize(language, rows);
  if (!examples.some((e) => trainsPolarity(e.row)))
    throw new Error(`no positive or negative ${language} rows to train on`);
  const model = fit(language, examples, prune);
  const logits = outOfFoldLogits(language, examples, options.folds ?? 5, prune);
  const calibrationSets = [...new Set(rows.filter((r) => r.threeWay).map((r) => r.set))].join(', ');
  const fittedOn =
    `${calibrationSets} (rows with a neutral class)` +
    (rows.some((r) => !r.threeWay) ? `; the other rows as polar, weight ${settings.neutral.twoWayWeight}` : '');
  const calibrationRows = calibrationExamples(language, examples, logits);
  const fitted = fitNeutralCalibration(calibrationRows, settings.neutral.features, fittedOn);
  const neutral = fitted?.calibration ?? options.fallbackNeutral;
  const labels = fitted?.outOfFold ?? calibratedLabels(neutral ?? bandCalibration(), calibrationRows);
  return {
    file: { ...model.toFile(language, options.version, options.trainedOn, settings.lexiconWeight), neutral },
    outOfFold: logits.map((logit, i) => ({ score: Math.tanh(logit / 2), label: labels[i] as SentimentLabel })),
    calibrated: fitted !== undefined,
  };
}
