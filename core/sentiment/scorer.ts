import { detectLanguage } from './chinese.ts';
import type { Lexicon } from './english-lexicon.ts';
import { chineseTextFeatures, englishFeatures } from './features.ts';
import { LogisticModel } from './logistic-model.ts';
import { loadModelFiles, type ModelLanguage } from './model-files.ts';
import {
  bandCalibration,
  isNeutral,
  labelOf,
  neutralValues,
  type NeutralCalibration,
  type SentimentLabel,
} from './neutral-calibration.ts';

export { NEUTRAL_BAND, type SentimentLabel } from './neutral-calibration.ts';

export interface Sentiment {
  /** −1 (most negative) … 1 (most positive). */
  score: number;
  /** Three-way, calibrated per language (see MODELS.md); positive or negative always agrees with the score's sign. */
  label: SentimentLabel;
  /** 0 … 1: how far the score is from undecided. */
  confidence: number;
  language: 'en' | 'zh';
}

export interface ScorerOptions {
  /** A directory with an operator's own `sentiment-<language>.json` files (SENTIMENT_MODEL_DIR). */
  modelDir?: string;
}

interface LoadedModel {
  model: LogisticModel;
  lexiconWeight: number;
  neutral: NeutralCalibration;
  version: string;
  path: string;
}

function loadModels(modelDir: string | undefined): Record<ModelLanguage, LoadedModel> {
  const files = loadModelFiles(modelDir);
  const loaded = (language: ModelLanguage): LoadedModel => {
    const { file, path } = files[language];
    return {
      model: LogisticModel.fromFile(file),
      lexiconWeight: file.lexiconWeight,
      neutral: file.neutral ?? bandCalibration(),
      version: file.version,
      path,
    };
  };
  return { en: loaded('en'), zh: loaded('zh') };
}

/**
 * The one sentiment scorer: detects English or Chinese, blends the trained model with the
 * rule-based lexicon (English) and applies a community's own lexicon words; the label comes
 * from the model file's neutral calibration.
 */
export class SentimentScorer {
  private readonly models: Record<ModelLanguage, LoadedModel>;

  constructor(options: ScorerOptions = {}) {
    this.models = loadModels(options.modelDir);
  }

  get version(): string {
    return `${this.models.en.version}+${this.models.zh.version}`;
  }

  /** Where each language's model was read from. */
  get modelPaths(): Record<ModelLanguage, string> {
    return { en: this.models.en.path, zh: this.models.zh.path };
  }

  score(text: string, overrides: Lexicon = {}): Sentiment {
    const language = detectLanguage(text);
    const loaded = this.models[language];
    const features = language === 'zh' ? chineseTextFeatures(text) : englishFeatures(text, overrides);
    const ruleLogit = language === 'zh' ? chineseOverrides(text, overrides) : loaded.lexiconWeight * features.lexicon;
    const logit = loaded.model.logit(features.vector) + ruleLogit;
    const score = Math.tanh(logit / 2);
    // Nothing to read ("", "???") is neutral whatever the calibration's bias would say.
    const blank = features.words === 0 && features.cues === 0;
    const neutral = blank || isNeutral(loaded.neutral, neutralValues(text, logit, ruleLogit, features));
    return { score, label: labelOf(score, neutral), confidence: Math.abs(score), language };
  }
}

/** Community words in Chinese text shift the logit directly (no rule-based Chinese lexicon). */
function chineseOverrides(text: string, overrides: Lexicon): number {
  let shift = 0;
  for (const [term, value] of Object.entries(overrides))
    if (/\p{Script=Han}/u.test(term) && text.includes(term)) shift += value / 2;
  return shift;
}
