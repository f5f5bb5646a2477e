// `npm run train:sentiment -- --data <file or dir> [--out <dir>] [--lang en|zh] [--with-eval <eval dir>]`
// Trains sentiment models on an operator's own labelled files (format: core/sentiment/MODELS.md),
// prints the shipped model's figures on those rows beside the new model's 5-fold cross-validated
// ones, and writes sentiment-<language>.json into --out for SENTIMENT_MODEL_DIR. Exit 1 when
// nothing could be trained (then nothing is written), 2 on a usage error.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  parseTrainingFile,
  labelledTexts,
  readModelFile,
  SentimentScorer,
  SHIPPED_MODEL_DIR,
  trainSentimentModel,
  weightedMacroF1,
  writeModelFiles,
  type LabelledText,
  type ModelFile,
  type SentimentLabel,
  type TrainingFileRow,
} from '../../core/index.ts';
import { accuracy, macroF1, markdownRow } from '../eval/metrics.ts';
import { argument, describeCalibration } from './arguments.ts';
import { evalDevRows } from './eval-rows.ts';

const LANGUAGES = ['en', 'zh'] as const;
type Language = (typeof LANGUAGES)[number];
/** Fewer of either class and cross-validated figures say nothing; the shipped model is kept. */
const MIN_PER_CLASS = 10;
const SHOWN_PROBLEMS = 20;

function dataFiles(path: string): string[] {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`--data ${path}: no such file or directory`);
  if (stat.isFile()) return [path];
  const files = readdirSync(path)
    .filter((name) => /\.(tsv|txt)$/i.test(name) && !name.startsWith('.'))
    .sort()
    .map((name) => join(path, name));
  if (files.length === 0) throw new UsageError(`--data ${path}: no .tsv or .txt files in this directory`);
  return files;
}

class UsageError extends Error {}

interface Figures {
  polar: number;
  twoWay: { accuracy: number; macroF1: number };
  threeWay?: { accuracy: number; macroF1: number };
}

/** Two-way figures on rows with a polarity (score >= 0 is positive); three-way when the rows have a neutral class. */
function figures(rows: LabelledText[], predicted: Array<{ score: number; label: SentimentLabel }>): Figures {
  const polar = rows.flatMap((row, i) => (row.label === null ? [] : [i]));
  const truth = polar.map((i) => rows[i]?.label as number);
  const guessed = polar.map((i) => ((predicted[i]?.score ?? 0) >= 0 ? 1 : 0));
  const result: Figures = {
    polar: polar.length,
    twoWay: { accuracy: accuracy(truth, guessed), macroF1: macroF1(truth, guessed) },
  };
  if (rows.some((row) => row.threeWay)) {
    const threeTruth = rows.map((row) => row.threeWay as SentimentLabel);
    const labels = predicted.map((p) => p.label);
    result.threeWay = {
      accuracy: threeTruth.filter((label, i) => label === labels[i]).length / rows.length,
      macroF1: weightedMacroF1(threeTruth, labels),
    };
  }
  return result;
}

function printFigures(name: string, rows: number, f: Figures): void {
  const cell = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(3));
  console.log(
    markdownRow([
      name,
      rows,
      cell(f.twoWay.accuracy),
      cell(f.twoWay.macroF1),
      cell(f.threeWay?.accuracy),
      cell(f.threeWay?.macroF1),
    ]),
  );
}

function countLabels(rows: TrainingFileRow[]): Record<SentimentLabel, number> {
  const counts = { positive: 0, negative: 0, neutral: 0 };
  for (const row of rows) counts[row.label] += 1;
  return counts;
}

function trainLanguage(
  language: Language,
  own: TrainingFileRow[],
  source: string,
  shipped: SentimentScorer,
): ModelFile | undefined {
  const counts = countLabels(own);
  console.log(
    `\n${language}: ${own.length} rows (${counts.positive} positive, ${counts.negative} negative, ` +
      `${counts.neutral} neutral)`,
  );
  if (counts.positive < MIN_PER_CLASS || counts.negative < MIN_PER_CLASS) {
    console.log(
      `  too few to train (needs at least ${MIN_PER_CLASS} positive and ${MIN_PER_CLASS} negative rows); ` +
        `the shipped ${language} model stays in use`,
    );
    return undefined;
  }
  const ownRows = labelledTexts(own, 'your data');
  const evalDir = process.argv.includes('--with-eval') ? argument('--with-eval', '../shared/eval') : undefined;
  const base = evalDir ? evalDevRows(evalDir, language) : { rows: [], sets: [] };
  const rows = [...base.rows, ...ownRows];
  const shippedFile = readModelFile(join(SHIPPED_MODEL_DIR, `sentiment-${language}.json`), language);
  const trained = trainSentimentModel(language, rows, {
    version: `${language}-own-${new Date().toISOString().slice(0, 16)}`,
    trainedOn: [source, ...base.sets.map((name) => `${name} (DEV rows)`)].join(', '),
    fallbackNeutral: shippedFile.neutral,
  });
  const ownOutOfFold = trained.outOfFold.slice(base.rows.length);
  console.log('| model | rows | two-way accuracy | two-way macro-F1 | three-way accuracy | three-way macro-F1 |');
  console.log('|---|---|---|---|---|---|');
  printFigures(
    `shipped ${shippedFile.version}, on your rows`,
    own.length,
    figures(
      ownRows,
      own.map((row) => shipped.score(row.text)),
    ),
  );
  printFigures('new, 5-fold cross-validated on your rows', own.length, figures(ownRows, ownOutOfFold));
  console.log(
    `  neutral: ${trained.calibrated ? 'calibrated on these rows' : "the shipped model's calibration kept"} — ` +
      describeCalibration(trained.file.neutral),
  );
  return trained.file;
}

/** Returns the exit code. */
export function trainOnOwnData(): number {
  try {
    const forced = process.argv.includes('--lang') ? argument('--lang', '') : undefined;
    if (forced !== undefined && forced !== 'en' && forced !== 'zh') throw new UsageError('--lang must be en or zh');
    const files = dataFiles(argument('--data', ''));
    const rows: TrainingFileRow[] = [];
    let skipped = 0;
    for (const file of files) {
      const parsed = parseTrainingFile(readFileSync(file), { language: forced });
      rows.push(...parsed.rows);
      for (const problem of parsed.problems) {
        if (skipped < SHOWN_PROBLEMS) console.error(`${file}:${problem.line}: ${problem.message} (line skipped)`);
        skipped += 1;
      }
    }
    if (skipped > SHOWN_PROBLEMS) console.error(`… and ${skipped - SHOWN_PROBLEMS} more lines skipped`);
    console.log(`read ${files.length} file(s): ${rows.length} usable rows, ${skipped} lines skipped`);
    if (rows.length === 0) {
      console.error('no usable rows: nothing trained, nothing written');
      return 1;
    }
    const source = `${files.map((file) => resolve(file)).join(', ')} (${rows.length} rows)`;
    const shipped = new SentimentScorer();
    const trained = LANGUAGES.flatMap((language) => {
      const own = rows.filter((row) => row.language === language);
      const file = own.length > 0 ? trainLanguage(language, own, source, shipped) : undefined;
      return file ? [file] : [];
    });
    if (trained.length === 0) {
      console.error('\nno language had enough rows: nothing written');
      return 1;
    }
    const out = resolve(argument('--out', 'sentiment-models'));
    for (const path of writeModelFiles(out, trained)) console.log(`\nwrote ${path}`);
    console.log(`Point the bot at it: SENTIMENT_MODEL_DIR=${out}`);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
}
