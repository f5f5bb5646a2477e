// Rebuilds core/sentiment/models/*.json from the DEV rows of ../shared/eval (never TEST rows).
//   npx tsx scripts/train/sentiment.ts [--eval-dir ../shared/eval] [--cv] [--prune N]
// --cv prints 5-fold cross-validated figures on DEV instead of writing files (for tuning).
import { writeFileSync } from 'node:fs';
import { crossValidatedPredictions, trainSentimentModel, type LabelledText } from '../../core/index.ts';
import { loadSentimentSets } from '../eval/datasets.ts';
import { accuracy, macroF1 } from '../eval/metrics.ts';

const argument = (name: string, fallback: string) => {
  const index = process.argv.indexOf(name);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
};
const evalDir = argument('--eval-dir', '../shared/eval');
const prune = process.argv.includes('--prune') ? Number(argument('--prune', '0.03')) : undefined;

function printCrossValidation(language: 'en' | 'zh', rows: LabelledText[]): void {
  const predicted = crossValidatedPredictions(language, rows, { prune });
  for (const set of new Set(rows.map((row) => row.set))) {
    const indexes = rows.flatMap((row, i) => (row.set === set ? [i] : []));
    const truth = indexes.map((i) => rows[i]?.label ?? 0);
    const guessed = indexes.map((i) => predicted[i] ?? 0);
    console.log(
      `${set}\tcv accuracy ${accuracy(truth, guessed).toFixed(3)}\tmacroF1 ${macroF1(truth, guessed).toFixed(3)}`,
    );
  }
}

const sets = loadSentimentSets(evalDir);
for (const language of ['en', 'zh'] as const) {
  const ofLanguage = sets.filter((s) => s.language === language);
  const rows = ofLanguage.flatMap((s) =>
    s.rows.filter((r) => r.split === 'dev').map((r) => ({ text: r.text, label: r.label, set: s.name })),
  );
  if (process.argv.includes('--cv')) {
    printCrossValidation(language, rows);
    continue;
  }
  const trainedOn = ofLanguage.map((s) => `${s.name} (DEV rows)`).join(', ');
  const file = trainSentimentModel(language, rows, { version: `${language}-nblr-1`, trainedOn, prune });
  const path = `core/sentiment/models/sentiment-${language}.json`;
  writeFileSync(new URL(`../../${path}`, import.meta.url), `${JSON.stringify(file)}\n`);
  console.log(`wrote ${path}: ${Object.keys(file.weights).length} weights from ${rows.length} DEV rows`);
}
