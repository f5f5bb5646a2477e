// Three-way figures (negative / neutral / positive) on the rows of a set that has a neutral
// class — the tweets, read through `tweetThreeWay` — for loyalbot's label and for VADER's own
// compound score with its standard thresholds (±0.05), on the same rows.
import { createRequire } from 'node:module';
import { weightedMacroF1, type SentimentLabel, type SentimentScorer } from '../../core/index.ts';
import type { LabelledRow } from './datasets.ts';

interface Vader {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
}
const vader = createRequire(import.meta.url)('vader-sentiment') as Vader;

export function vaderLabel(text: string): SentimentLabel {
  const compound = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
  return compound >= 0.05 ? 'positive' : compound <= -0.05 ? 'negative' : 'neutral';
}

const share = (truth: SentimentLabel[], predicted: SentimentLabel[]) =>
  truth.filter((label, i) => label === predicted[i]).length / Math.max(truth.length, 1);
const fixed = (value: number) => Number(value.toFixed(3));

export interface ThreeClassFigures {
  rows: number;
  neutralRows: number;
  accuracy: number;
  macroF1: number;
  vaderAccuracy: number;
  vaderMacroF1: number;
}

export function threeClassFigures(scorer: SentimentScorer, rows: LabelledRow[]): ThreeClassFigures | null {
  const withClass = rows.filter((row) => row.threeWay !== undefined);
  if (withClass.length === 0) return null;
  const truth = withClass.map((row) => row.threeWay as SentimentLabel);
  const ours = withClass.map((row) => scorer.score(row.text).label);
  const theirs = withClass.map((row) => vaderLabel(row.text));
  return {
    rows: withClass.length,
    neutralRows: truth.filter((label) => label === 'neutral').length,
    accuracy: fixed(share(truth, ours)),
    macroF1: fixed(weightedMacroF1(truth, ours)),
    vaderAccuracy: fixed(share(truth, theirs)),
    vaderMacroF1: fixed(weightedMacroF1(truth, theirs)),
  };
}
