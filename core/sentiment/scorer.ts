import { readFileSync } from 'node:fs';
import { detectLanguage } from './chinese.ts';
import type { Lexicon } from './english-lexicon.ts';
import { chineseFeatures, englishFeatures } from './features.ts';
import { LogisticModel, type ModelFile } from './logistic-model.ts';

export type SentimentLabel = 'negative' | 'neutral' | 'positive';

export interface Sentiment {
  /** −1 (most negative) … 1 (most positive). */
  score: number;
  label: SentimentLabel;
  /** 0 … 1: how far the score is from undecided. */
  confidence: number;
  language: 'en' | 'zh';
}

/** Scores inside this band are neutral: the model cannot tell them apart reliably. */
export const NEUTRAL_BAND = 0.25;

function loadModel(language: 'en' | 'zh'): { model: LogisticModel; lexiconWeight: number; version: string } {
  const file = JSON.parse(
    readFileSync(new URL(`./models/sentiment-${language}.json`, import.meta.url), 'utf8'),
  ) as ModelFile;
  return { model: LogisticModel.fromFile(file), lexiconWeight: file.lexiconWeight, version: file.version };
}

/**
 * The one sentiment scorer: detects English or Chinese, blends the trained model with the
 * rule-based lexicon (English) and applies a community's own lexicon words.
 */
export class SentimentScorer {
  private readonly en = loadModel('en');
  private readonly zh = loadModel('zh');

  get version(): string {
    return `${this.en.version}+${this.zh.version}`;
  }

  score(text: string, overrides: Lexicon = {}): Sentiment {
    const language = detectLanguage(text);
    let logit: number;
    if (language === 'zh') {
      logit = this.zh.model.logit(chineseFeatures(text)) + chineseOverrides(text, overrides);
    } else {
      const { vector, lexicon } = englishFeatures(text, overrides);
      logit = this.en.model.logit(vector) + this.en.lexiconWeight * lexicon;
    }
    const score = Math.tanh(logit / 2);
    const label: SentimentLabel = score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral';
    return { score, label, confidence: Math.abs(score), language };
  }
}

/** Community words in Chinese text shift the logit directly (no rule-based Chinese lexicon). */
function chineseOverrides(text: string, overrides: Lexicon): number {
  let shift = 0;
  for (const [term, value] of Object.entries(overrides))
    if (/\p{Script=Han}/u.test(term) && text.includes(term)) shift += value / 2;
  return shift;
}
