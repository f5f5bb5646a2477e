import { lexiconScore, type Lexicon } from './english-lexicon.ts';
import { tokenizeEnglish } from './english-tokens.ts';
import { FeatureVector } from './hashing.ts';
import { segmentChinese } from './chinese.ts';
import { chineseCueCount } from './chinese-cues.ts';

export const FEATURE_BITS = 20;
/** Dense features sit at fixed indices; hashed ones may collide with them rarely and harmlessly. */
const DENSE = { bias: 0, lexScore: 1, lexPositive: 2, lexNegative: 3, lexHits: 4, exclaim: 5, question: 6 } as const;

const EN_NEGATION_END = new Set(['.', ',', ';', ':', '!', '?', 'but']);
const EN_NEGATORS = /^(not|no|never|nothing|nobody|none|neither|nor|without|cannot|hardly|barely)$|n't$/;

/** What one text gives the polarity model and the neutral calibration. */
export interface TextFeatures {
  vector: FeatureVector;
  /** Rule-based lexicon score −1…1 (English; 0 for Chinese, which has no rule-based score). */
  lexicon: number;
  /** Liking or disliking words found: lexicon hits (English) or cue words (Chinese). */
  cues: number;
  /** Words in the text. */
  words: number;
}

/** Word unigrams and bigrams with a NEG mark after a negator, plus the rule-based lexicon score. */
export function englishFeatures(text: string, overrides: Lexicon = {}): TextFeatures {
  const vector = new FeatureVector(FEATURE_BITS);
  const tokens = tokenizeEnglish(text);
  const lex = lexiconScore(tokens, overrides);
  vector.addAt(DENSE.bias, 1);
  vector.addAt(DENSE.lexScore, lex.score * 3);
  vector.addAt(DENSE.lexPositive, Math.log1p(lex.positive));
  vector.addAt(DENSE.lexNegative, Math.log1p(lex.negative));
  vector.addAt(DENSE.lexHits, lex.hits === 0 ? 1 : 0);
  // Binned score: lets the model bend the lexicon's scale where linear is wrong.
  vector.add(`lexbin:${Math.round(lex.score * 5)}`);
  vector.add(`lexsign:${lex.score > 0 ? 1 : lex.score < 0 ? -1 : 0}`);
  let negated = false;
  let previous = '<s>';
  for (const token of tokens) {
    const word = token.text;
    if (EN_NEGATION_END.has(word)) negated = false;
    const feature = negated ? `${word}_NEG` : word;
    vector.add(`u:${feature}`);
    vector.add(`b:${previous}|${word}`);
    if (EN_NEGATORS.test(word)) negated = true;
    previous = word;
  }
  vector.add(`b:${previous}|</s>`);
  const words = tokens.filter((token) => /[a-z]/.test(token.text)).length;
  return { vector, lexicon: lex.score, cues: lex.hits, words };
}

const ZH_NEGATORS = new Set(['不', '没', '没有', '无', '非', '别', '未', '不是', '不太', '不够', '不会']);
const ZH_BREAKS = /^[，。！？；、,.!?;~～]+$/;

/** Segmented words and word bigrams (NEG-marked after a negator) and character bigrams, length-normalized. */
export function chineseFeatures(text: string, segmented: string[] = segmentChinese(text)): FeatureVector {
  const vector = new FeatureVector(FEATURE_BITS);
  const names: string[] = [];
  let negated = false;
  let previous = '<s>';
  for (const word of segmented) {
    if (ZH_BREAKS.test(word)) {
      negated = false;
      previous = '<p>';
      continue;
    }
    const marked = negated ? `${word}_NEG` : word;
    names.push(`w:${marked}`, `wb:${previous}|${word}`);
    if (ZH_NEGATORS.has(word)) negated = true;
    previous = word;
  }
  const chars = [...text.replace(/\s+/g, '')];
  for (let i = 0; i < chars.length - 1; i += 1) names.push(`c2:${chars[i]}${chars[i + 1]}`);
  // Long reviews would otherwise drown short ones in sheer feature mass.
  const scale = 1 / Math.sqrt(Math.max(names.length, 1));
  for (const name of names) vector.add(name, scale * 3);
  vector.addAt(DENSE.bias, 1);
  vector.addAt(DENSE.exclaim, /[!！]/.test(text) ? 1 : 0);
  vector.addAt(DENSE.question, /[?？]/.test(text) ? 1 : 0);
  return vector;
}

/** Chinese features with the cue-word count the neutral calibration reads. */
export function chineseTextFeatures(text: string): TextFeatures {
  const segmented = segmentChinese(text);
  const words = segmented.filter((word) => !ZH_BREAKS.test(word)).length;
  return { vector: chineseFeatures(text, segmented), lexicon: 0, cues: chineseCueCount(text, segmented), words };
}
