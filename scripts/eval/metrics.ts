export function accuracy(truth: number[], predicted: number[]): number {
  return truth.filter((t, i) => t === predicted[i]).length / Math.max(truth.length, 1);
}

/** Mean of the positive and negative classes' F1. */
export function macroF1(truth: number[], predicted: number[]): number {
  const f1 = (cls: number) => {
    const tp = truth.filter((t, i) => t === cls && predicted[i] === cls).length;
    const fp = truth.filter((t, i) => t !== cls && predicted[i] === cls).length;
    const fn = truth.filter((t, i) => t === cls && predicted[i] !== cls).length;
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  };
  return (f1(0) + f1(1)) / 2;
}

/** One row of a Markdown table. */
export function markdownRow(cells: Array<string | number>): string {
  return `| ${cells.join(' | ')} |`;
}
