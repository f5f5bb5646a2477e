/** Two principal axes of a point cloud and the points projected on them: the persona map. */
export interface PlaneProjection {
  /** Each point's coordinates on the first and second axis. */
  points: Array<[number, number]>;
  /** Share of the total variance each axis explains (0…1). */
  explained: [number, number];
}

const ITERATIONS = 200;

/**
 * Principal component analysis by power iteration with deflation: the features are few (a
 * dozen at most), so the covariance matrix is small and two dominant eigenvectors are cheap.
 * Signs are fixed (largest loading positive) so the map does not flip between refreshes.
 */
export function projectOnPlane(points: number[][]): PlaneProjection {
  const dims = points[0]?.length ?? 0;
  if (points.length < 2 || dims < 2) return { points: points.map(() => [0, 0]), explained: [0, 0] };
  const mean = Array.from(
    { length: dims },
    (_, d) => points.reduce((sum, p) => sum + (p[d] as number), 0) / points.length,
  );
  const centred = points.map((p) => p.map((value, d) => value - (mean[d] as number)));
  const covariance = covarianceOf(centred, dims);
  const total = covariance.reduce((sum, row, d) => sum + (row[d] as number), 0);
  const first = dominant(covariance);
  const second = dominant(deflate(covariance, first));
  const project = (axis: Axis, p: number[]) => p.reduce((sum, value, d) => sum + value * (axis.vector[d] as number), 0);
  return {
    points: centred.map((p) => [round(project(first, p)), round(project(second, p))]),
    explained: [share(first.value, total), share(second.value, total)],
  };
}

interface Axis {
  vector: number[];
  value: number;
}

function covarianceOf(centred: number[][], dims: number): number[][] {
  const matrix = Array.from({ length: dims }, () => new Array<number>(dims).fill(0));
  for (const p of centred) {
    for (let i = 0; i < dims; i += 1) {
      const row = matrix[i] as number[];
      for (let j = 0; j < dims; j += 1) row[j] = (row[j] as number) + (p[i] as number) * (p[j] as number);
    }
  }
  return matrix.map((row) => row.map((value) => value / (centred.length - 1)));
}

function dominant(matrix: number[][]): Axis {
  let vector = matrix.map((_, i) => 1 / Math.sqrt(matrix.length + i));
  for (let step = 0; step < ITERATIONS; step += 1) {
    const next = times(matrix, vector);
    const norm = Math.hypot(...next);
    if (norm < 1e-12) return { vector: vector.map(() => 0), value: 0 };
    vector = next.map((value) => value / norm);
  }
  const largest = vector.reduce((best, value) => (Math.abs(value) > Math.abs(best) ? value : best), 0);
  if (largest < 0) vector = vector.map((value) => -value);
  const value = times(matrix, vector).reduce((sum, v, i) => sum + v * (vector[i] as number), 0);
  return { vector, value };
}

function deflate(matrix: number[][], axis: Axis): number[][] {
  return matrix.map((row, i) =>
    row.map((value, j) => value - axis.value * (axis.vector[i] as number) * (axis.vector[j] as number)),
  );
}

function times(matrix: number[][], vector: number[]): number[] {
  return matrix.map((row) => row.reduce((sum, value, j) => sum + value * (vector[j] as number), 0));
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const share = (value: number, total: number) => (total > 0 ? Math.round((1000 * value) / total) / 1000 : 0);
