import { kmeans } from 'ml-kmeans';

export interface Clustering {
  k: number;
  centroids: number[][];
  silhouette: number;
  inertia: number;
}

function squaredDistance(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += ((a[i] as number) - (b[i] as number)) ** 2;
  return sum;
}

export function nearest(centroids: number[][], point: number[]): number {
  let best = 0;
  let bestDistance = Infinity;
  centroids.forEach((centroid, i) => {
    const distance = squaredDistance(centroid, point);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  });
  return best;
}

/** Mean silhouette of a labelled sample (O(n²): callers pass at most a couple of thousand points). */
export function silhouette(points: number[][], labels: number[], k: number): number {
  let total = 0;
  points.forEach((point, i) => {
    const sums = new Array<number>(k).fill(0);
    const counts = new Array<number>(k).fill(0);
    points.forEach((other, j) => {
      if (i === j) return;
      sums[labels[j] as number] = (sums[labels[j] as number] as number) + Math.sqrt(squaredDistance(point, other));
      counts[labels[j] as number] = (counts[labels[j] as number] as number) + 1;
    });
    const own = labels[i] as number;
    const a = (counts[own] as number) > 0 ? (sums[own] as number) / (counts[own] as number) : 0;
    let b = Infinity;
    for (let c = 0; c < k; c += 1)
      if (c !== own && (counts[c] as number) > 0) b = Math.min(b, (sums[c] as number) / (counts[c] as number));
    total += b === Infinity || Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
  });
  return points.length > 0 ? total / points.length : 0;
}

/** The centroids of clusters with at least `minSize` points; their members go to the nearest kept one. */
function withoutTinyClusters(points: number[][], centroids: number[][], minSize: number): number[][] {
  const sizes = new Array<number>(centroids.length).fill(0);
  for (const point of points) {
    const cluster = nearest(centroids, point);
    sizes[cluster] = (sizes[cluster] as number) + 1;
  }
  return centroids.filter((_, i) => (sizes[i] as number) >= minSize);
}

function sample<T>(items: T[], size: number, seed: number): T[] {
  if (items.length <= size) return items;
  let state = seed >>> 0;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const copy = [...items];
  for (let i = 0; i < size; i += 1) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, size);
}

/**
 * k-means++ with several seeds for each k in the range, on a sample when the community is
 * large; k is the one with the best silhouette. A cluster holding less than
 * `minClusterShare` of the members (or one member) is dissolved into its neighbours before
 * judging: a persona of one odd member scores well on silhouette but is nothing a manager
 * can act on. Deterministic for the same input.
 */
export function clusterMembers(
  points: number[][],
  options: {
    minK: number;
    maxK: number;
    seeds: number;
    fitSample: number;
    silhouetteSample: number;
    minClusterShare: number;
  },
): Clustering {
  const fit = sample(points, options.fitSample, 17);
  const judge = sample(fit, options.silhouetteSample, 29);
  let best: Clustering | null = null;
  const minSize = Math.max(2, Math.ceil(options.minClusterShare * fit.length));
  const maxK = Math.min(options.maxK, Math.max(1, fit.length - 1));
  for (let k = options.minK; k <= maxK; k += 1) {
    let bestRun: { centroids: number[][]; inertia: number } | null = null;
    for (let seed = 1; seed <= options.seeds; seed += 1) {
      const result = kmeans(fit, k, { initialization: 'kmeans++', seed, maxIterations: 100 });
      const centroids = result.centroids;
      const inertia = fit.reduce(
        (sum, point) => sum + squaredDistance(point, centroids[nearest(centroids, point)] as number[]),
        0,
      );
      if (!bestRun || inertia < bestRun.inertia) bestRun = { centroids, inertia };
    }
    if (!bestRun) continue;
    const centroids = withoutTinyClusters(fit, bestRun.centroids, minSize);
    if (centroids.length < Math.min(options.minK, k)) continue;
    const score = silhouette(
      judge,
      judge.map((p) => nearest(centroids, p)),
      centroids.length,
    );
    if (!best || score > best.silhouette)
      best = { k: centroids.length, centroids, silhouette: score, inertia: bestRun.inertia };
  }
  return best ?? { k: 1, centroids: [fit[0] ?? []], silhouette: 0, inertia: 0 };
}
