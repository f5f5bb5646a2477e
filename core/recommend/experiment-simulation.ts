import { compareProportions, seededRandom } from '../stats.ts';

export interface SimulationOptions {
  runs: number;
  /** Members per variant in each run. */
  perArm: number;
  /** Conversion rate of the baseline. */
  baseRate: number;
  /** Added to the treatment's rate (0: an A/A experiment). */
  uplift: number;
  seed: number;
  level?: number;
}

export interface SimulationResult {
  runs: number;
  /** Share of runs the experiment's test called significant (A/A: the false-positive rate). */
  significantShare: number;
  /** Share of runs whose 95% interval of the difference held the planted uplift. */
  coverage: number;
  meanDifference: number;
}

/**
 * Many synthetic two-variant experiments with known rates, judged by the same test the
 * experiment report uses: an A/A run must be called significant no more often than the
 * level says, and a planted uplift must be found. Seeded, so every run of it is the same.
 */
export function simulateExperiments(options: SimulationOptions): SimulationResult {
  const random = seededRandom(options.seed);
  const draw = (rate: number) => {
    let successes = 0;
    for (let i = 0; i < options.perArm; i += 1) if (random() < rate) successes += 1;
    return { successes, trials: options.perArm };
  };
  let significant = 0;
  let covered = 0;
  let differences = 0;
  for (let run = 0; run < options.runs; run += 1) {
    const baseline = draw(options.baseRate);
    const treatment = draw(options.baseRate + options.uplift);
    const result = compareProportions(treatment, baseline, { level: options.level ?? 0.05 });
    if (!result) continue;
    if (result.significant) significant += 1;
    if (result.low <= options.uplift && options.uplift <= result.high) covered += 1;
    differences += result.difference;
  }
  return {
    runs: options.runs,
    significantShare: significant / options.runs,
    coverage: covered / options.runs,
    meanDifference: differences / options.runs,
  };
}
