import type { NeutralCalibration } from '../../core/index.ts';

/** The value after `--name` on the command line, or the fallback (also when another flag follows). */
export function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  const value = index > 0 ? process.argv[index + 1] : undefined;
  return value === undefined || value.startsWith('--') ? fallback : value;
}

export function describeCalibration(neutral: NeutralCalibration | undefined): string {
  if (!neutral) return 'none (fixed band)';
  const { cv } = neutral;
  if (cv.rows === 0) return neutral.fittedOn;
  const twoWay =
    cv.twoWayRows > 0
      ? `; ${(cv.twoWayRowsCalledNeutral * 100).toFixed(1)} % of ${cv.twoWayRows} two-way rows called neutral`
      : '';
  return (
    `cut ${neutral.threshold}; 5-fold CV on ${cv.rows} rows with a neutral class (${cv.neutralRows} neutral): ` +
    `accuracy ${cv.accuracy.toFixed(3)}, macro-F1 ${cv.macroF1.toFixed(3)}${twoWay} — ${neutral.fittedOn}`
  );
}
