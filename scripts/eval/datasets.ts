import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SentimentLabel } from '../../core/index.ts';

export interface LabelledRow {
  text: string;
  label: 0 | 1;
  split: 'dev' | 'test';
  /** Three-way truth where the set has one (the tweets' mean human rating). */
  threeWay?: SentimentLabel;
}

export interface LabelledSet {
  name: string;
  language: 'en' | 'zh';
  rows: LabelledRow[];
}

const splitOf = (lineNumber: number): 'dev' | 'test' => (lineNumber % 5 === 0 ? 'test' : 'dev');

/** The UCI files: `sentence \t label`, label after the last tab; split on \n only (U+0085 occurs). */
function uci(dir: string, file: string): LabelledSet {
  const lines = readFileSync(join(dir, 'sentiment-en', file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  return {
    name: file.replace(/\.txt$/, ''),
    language: 'en',
    rows: lines.map((line, i) => {
      const tab = line.lastIndexOf('\t');
      return {
        text: line.slice(0, tab).trim(),
        label: line.slice(tab + 1).trim() === '1' ? 1 : 0,
        split: splitOf(i + 1),
      };
    }),
  };
}

/**
 * Three-way reading of a tweet's mean rating (−4…4): neutral strictly within ±0.5, which gives
 * the 157 neutral TEST rows issue 18 quotes.
 */
export const tweetThreeWay = (mean: number): SentimentLabel =>
  mean >= 0.5 ? 'positive' : mean <= -0.5 ? 'negative' : 'neutral';

/** VADER tweets: `id \t mean \t text`, CRLF; positive when the mean rating is above 0. */
function tweets(dir: string): LabelledSet {
  const records = readFileSync(join(dir, 'sentiment-en', 'tweets_GroundTruth.txt'), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line !== '');
  return {
    name: 'tweets_GroundTruth',
    language: 'en',
    rows: records.map((record, i) => {
      const [, mean = '0', ...text] = record.split('\t');
      return {
        text: text.join('\t'),
        label: Number(mean) > 0 ? 1 : 0,
        split: splitOf(i + 1),
        threeWay: tweetThreeWay(Number(mean)),
      };
    }),
  };
}

/** ChnSentiCorp hotel reviews: `label \t text`. */
function chinese(dir: string): LabelledSet {
  const lines = readFileSync(join(dir, 'sentiment-zh', 'chnsenticorp_htl.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  return {
    name: 'chnsenticorp_htl',
    language: 'zh',
    rows: lines.map((line, i) => {
      const tab = line.indexOf('\t');
      return { text: line.slice(tab + 1), label: line.slice(0, tab) === '1' ? 1 : 0, split: splitOf(i + 1) };
    }),
  };
}

export function loadSentimentSets(evalDir: string): LabelledSet[] {
  return [
    uci(evalDir, 'amazon_cells_labelled.txt'),
    uci(evalDir, 'imdb_labelled.txt'),
    uci(evalDir, 'yelp_labelled.txt'),
    tweets(evalDir),
    chinese(evalDir),
  ];
}
