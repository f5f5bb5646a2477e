// Rebuilds core/sentiment/models/*.json from the DEV rows of ../shared/eval (never TEST rows),
// or trains on an operator's own labelled files:
//   npm run train:sentiment [-- --eval-dir ../shared/eval] [--cv] [--prune N]
//   npm run train:sentiment -- --data <file or dir> [--out <dir>] [--lang en|zh] (see core/sentiment/MODELS.md)
// --cv prints 5-fold cross-validated figures on DEV instead of writing files (for tuning).
import {
  crossValidatedPredictions,
  SHIPPED_MODEL_DIR,
  trainSentimentModel,
  writeModelFiles,
  type LabelledText,
  type ModelFile,
} from '../../core/index.ts';
import { accuracy, macroF1 } from '../eval/metrics.ts';
import { argument, describeCalibration } from './arguments.ts';
import { evalDevRows } from './eval-rows.ts';
import { trainOnOwnData } from './own-data.ts';

const prune = process.argv.includes('--prune') ? Number(argument('--prune', '0.03')) : undefined;

function printCrossValidation(language: 'en' | 'zh', rows: LabelledText[]): void {
  const polar = rows.filter((row) => row.label !== null && !row.calibrationOnly);
  const predicted = crossValidatedPredictions(language, polar, { prune });
  for (const set of new Set(polar.map((row) => row.set))) {
    const indexes = polar.flatMap((row, i) => (row.set === set ? [i] : []));
    const truth = indexes.map((i) => polar[i]?.label ?? 0);
    const guessed = indexes.map((i) => predicted[i] ?? 0);
    console.log(
      `${set}\tcv accuracy ${accuracy(truth, guessed).toFixed(3)}\tmacroF1 ${macroF1(truth, guessed).toFixed(3)}`,
    );
  }
}

function rebuildShipped(): void {
  const files: ModelFile[] = [];
  for (const language of ['en', 'zh'] as const) {
    const { rows, sets } = evalDevRows(argument('--eval-dir', '../shared/eval'), language);
    if (process.argv.includes('--cv')) printCrossValidation(language, rows);
    const trainedOn = sets.map((name) => `${name} (DEV rows)`).join(', ');
    const { file } = trainSentimentModel(language, rows, { version: `${language}-nblr-2`, trainedOn, prune });
    console.log(`${language} neutral calibration: ${describeCalibration(file.neutral)}`);
    files.push(file);
  }
  if (process.argv.includes('--cv')) return;
  for (const path of writeModelFiles(SHIPPED_MODEL_DIR, files)) console.log(`wrote ${path}`);
  for (const file of files)
    console.log(`${file.language}: ${Object.keys(file.weights).length} weights; trained on ${file.trainedOn}`);
}

if (process.argv.includes('--data')) process.exitCode = trainOnOwnData();
else rebuildShipped();
