import type { NeutralCalibration } from '../../core/index.ts';

/** The value after `--name` on the command line, or the fallback. */
export function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index > 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

export function describeCalibration(neutral: NeutralCalibration | undefined): string {
  if (!neutral) return 'none (fixed band)';
  const { cv } = neutral;
  return (
    `cut ${neutral.threshold}; 5-fold CV on ${cv.rows} rows with a neutral class (${cv.neutralRows} neutral): ` +
    `accuracy ${cv.accuracy.toFixed(3)}, macro-F1 ${cv.macroF1.toFixed(3)}; ` +
    `two-way rows called neutral ${(cv.twoWayRowsCalledNeutral * 100).toFixed(1)} % — ${neutral.fittedOn}`
  );
}
