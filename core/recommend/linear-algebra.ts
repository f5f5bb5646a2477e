/** Σ x[xo+k]·x[yo+k] over len, unrolled by four (V8 keeps the partial sums in registers). */
function dot(x: Float64Array, xo: number, yo: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < len; k += 4) {
    s0 += (x[xo + k] as number) * (x[yo + k] as number);
    s1 += (x[xo + k + 1] as number) * (x[yo + k + 1] as number);
    s2 += (x[xo + k + 2] as number) * (x[yo + k + 2] as number);
    s3 += (x[xo + k + 3] as number) * (x[yo + k + 3] as number);
  }
  for (; k < len; k += 1) s0 += (x[xo + k] as number) * (x[yo + k] as number);
  return s0 + s1 + s2 + s3;
}

/** y[yo..yo+len) += c·x[xo..xo+len), unrolled by four. */
function axpy(y: Float64Array, yo: number, c: number, x: Float64Array, xo: number, len: number): void {
  let k = 0;
  for (; k + 3 < len; k += 4) {
    y[yo + k] = (y[yo + k] as number) + c * (x[xo + k] as number);
    y[yo + k + 1] = (y[yo + k + 1] as number) + c * (x[xo + k + 1] as number);
    y[yo + k + 2] = (y[yo + k + 2] as number) + c * (x[xo + k + 2] as number);
    y[yo + k + 3] = (y[yo + k + 3] as number) + c * (x[xo + k + 3] as number);
  }
  for (; k < len; k += 1) y[yo + k] = (y[yo + k] as number) + c * (x[xo + k] as number);
}

/**
 * Inverse of a symmetric positive-definite matrix (row-major, n×n) through its Cholesky
 * factor: A = L Lᵀ, M = L⁻¹, A⁻¹ = Mᵀ M. Every inner loop runs along a row, so memory is
 * read in order; about n³/2 multiply-adds in all.
 */
export function invertSymmetricPositiveDefinite(matrix: Float64Array, n: number): Float64Array {
  const lower = new Float64Array(n * n);
  for (let j = 0; j < n; j += 1) {
    const rowJ = j * n;
    for (let i = j; i < n; i += 1) {
      const rowI = i * n;
      const sum = (matrix[rowI + j] as number) - dot(lower, rowI, rowJ, j);
      if (i === j) {
        if (sum <= 0) throw new Error('matrix is not positive definite');
        lower[rowJ + j] = Math.sqrt(sum);
      } else {
        lower[rowI + j] = sum / (lower[rowJ + j] as number);
      }
    }
  }
  const inverseLower = new Float64Array(n * n);
  const accumulator = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    accumulator.fill(0, 0, i);
    const rowI = i * n;
    for (let k = 0; k < i; k += 1) {
      const coefficient = lower[rowI + k] as number;
      if (coefficient !== 0) axpy(accumulator, 0, coefficient, inverseLower, k * n, k + 1);
    }
    const diagonal = lower[rowI + i] as number;
    for (let j = 0; j < i; j += 1) inverseLower[rowI + j] = -(accumulator[j] as number) / diagonal;
    inverseLower[rowI + i] = 1 / diagonal;
  }
  const inverse = new Float64Array(n * n);
  for (let k = 0; k < n; k += 1) {
    const rowK = k * n;
    for (let i = 0; i <= k; i += 1) {
      const factor = inverseLower[rowK + i] as number;
      if (factor !== 0) axpy(inverse, i * n, factor, inverseLower, rowK, i + 1);
    }
  }
  for (let i = 0; i < n; i += 1) for (let j = 0; j < i; j += 1) inverse[j * n + i] = inverse[i * n + j] as number;
  return inverse;
}
