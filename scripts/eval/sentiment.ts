// `npm run eval:sentiment [-- --json] [-- --eval-dir ../shared/eval] [-- --model-dir <dir>]`:
// accuracy and macro-F1 on the TEST rows of each set (score >= 0 is positive), beside plain
// `natural`; the share of rows the label calls neutral; the three-way figures of the tweets
// beside VADER's; and sentences per second on one core. --model-dir: an operator's models.
// Deep imports: natural's index also loads storage adapters that print dotenv banners.
import { SentimentAnalyzer } from 'natural/lib/natural/sentiment/index.js';
import { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';
import { WordTokenizer } from 'natural/lib/natural/tokenizers/index.js';
import { loadSentimentSets } from './datasets.ts';
import { accuracy, macroF1, markdownRow } from './metrics.ts';
import { SentimentScorer } from '../../core/index.ts';
import { threeClassFigures } from './three-class.ts';

const dirIndex = process.argv.indexOf('--eval-dir');
const evalDir = dirIndex > 0 ? (process.argv[dirIndex + 1] as string) : '../shared/eval';
const json = process.argv.includes('--json');
const modelIndex = process.argv.indexOf('--model-dir');

const scorer = new SentimentScorer(modelIndex > 0 ? { modelDir: process.argv[modelIndex + 1] } : {});
const baseline = new SentimentAnalyzer('English', PorterStemmer, 'afinn');
const tokenizer = new WordTokenizer();

const sets = loadSentimentSets(evalDir).map((set) => {
  const test = set.rows.filter((row) => row.split === 'test');
  const truth = test.map((row) => row.label);
  const scored = test.map((row) => scorer.score(row.text));
  const predicted = scored.map((sentiment) => (sentiment.score >= 0 ? 1 : 0));
  const base =
    set.language === 'en'
      ? test.map((row) => (baseline.getSentiment(tokenizer.tokenize(row.text)) >= 0 ? 1 : 0))
      : null;
  const threeClass = threeClassFigures(scorer, test);
  return {
    name: set.name,
    rows: test.length,
    accuracy: Number(accuracy(truth, predicted).toFixed(3)),
    macroF1: Number(macroF1(truth, predicted).toFixed(3)),
    baselineAccuracy: base ? Number(accuracy(truth, base).toFixed(3)) : null,
    calledNeutral: Number((scored.filter((s) => s.label === 'neutral').length / test.length).toFixed(3)),
    ...(threeClass ? { threeClass } : {}),
  };
});

// Speed: English sentences through the full scorer, timed after a warm-up.
const english = loadSentimentSets(evalDir)
  .filter((s) => s.language === 'en')
  .flatMap((s) => s.rows.map((r) => r.text));
for (const text of english.slice(0, 2000)) scorer.score(text);
let scored = 0;
const started = performance.now();
while (performance.now() - started < 3000) {
  for (const text of english) scorer.score(text);
  scored += english.length;
}
const sentencesPerSecond = Math.round(scored / ((performance.now() - started) / 1000));

if (json) {
  console.log(JSON.stringify({ sets, sentencesPerSecond }));
} else {
  console.log(`sentiment on TEST rows (model ${scorer.version}; baseline: natural AFINN, score >= 0 positive)`);
  console.log('| set | rows | accuracy | macro-F1 | natural accuracy | label neutral |');
  console.log('|---|---|---|---|---|---|');
  for (const set of sets)
    console.log(
      markdownRow([
        set.name,
        set.rows,
        set.accuracy.toFixed(3),
        set.macroF1.toFixed(3),
        set.baselineAccuracy?.toFixed(3) ?? '—',
        set.calledNeutral.toFixed(3),
      ]),
    );
  for (const { name, threeClass } of sets) {
    if (!threeClass) continue;
    console.log(
      `\nthree-way on ${name} TEST (${threeClass.rows} rows, ${threeClass.neutralRows} neutral: mean rating ` +
        `strictly within ±0.5): loyalbot label accuracy ${threeClass.accuracy.toFixed(3)}, macro-F1 ` +
        `${threeClass.macroF1.toFixed(3)}; VADER (compound ±0.05) accuracy ${threeClass.vaderAccuracy.toFixed(3)}, ` +
        `macro-F1 ${threeClass.vaderMacroF1.toFixed(3)}`,
    );
  }
  const uci = sets.filter((s) => s.name.endsWith('_labelled'));
  console.log(
    `\nmean accuracy over the UCI sets: ${(uci.reduce((a, s) => a + s.accuracy, 0) / uci.length).toFixed(3)}`,
  );
  console.log(`English sentences per second (one core): ${sentencesPerSecond}`);
}
