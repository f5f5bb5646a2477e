// `npm run eval:experiments [-- --json]`: how the recommendation experiments' test behaves on
// synthetic outcomes with known rates (seeded, so every run prints the same): the share of A/A
// experiments it calls significant at the 5% level (should be about 5%), and how often it
// finds a planted uplift (its power) with the 95% interval's coverage of the true difference.
import { simulateExperiments } from '../../core/index.ts';

const cases = [
  { name: 'A/A 400 per arm, 10%', runs: 4000, perArm: 400, baseRate: 0.1, uplift: 0, seed: 1 },
  { name: 'A/A 1500 per arm, 5%', runs: 4000, perArm: 1500, baseRate: 0.05, uplift: 0, seed: 2 },
  { name: 'A/A 200 per arm, 30%', runs: 4000, perArm: 200, baseRate: 0.3, uplift: 0, seed: 3 },
  { name: '+5 pts on 10%, 1500 per arm', runs: 2000, perArm: 1500, baseRate: 0.1, uplift: 0.05, seed: 42 },
  { name: '+5 pts on 10%, 500 per arm', runs: 2000, perArm: 500, baseRate: 0.1, uplift: 0.05, seed: 43 },
  { name: '+2 pts on 10%, 1500 per arm', runs: 2000, perArm: 1500, baseRate: 0.1, uplift: 0.02, seed: 44 },
];

const results = cases.map(({ name, ...options }) => ({ name, ...options, ...simulateExperiments(options) }));
if (process.argv.includes('--json')) {
  console.log(JSON.stringify({ level: 0.05, cases: results }));
} else {
  console.log('Two-proportion z-test at the 5% level on seeded synthetic experiments');
  console.log('| case | runs | called significant | 95% interval covers the truth | mean difference |');
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.log(
      `| ${r.name} | ${r.runs} | ${pct(r.significantShare)} | ${pct(r.coverage)} | ${r.meanDifference.toFixed(4)} |`,
    );
  }
}
