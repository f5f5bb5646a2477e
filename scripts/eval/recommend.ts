// `npm run eval:recommend -- <path to u.data> [--json]`: leave-last-out HR@10 / NDCG@10 on
// MovieLens 100K for popularity, EASE and the served blend. Blend weights are tuned on DEV
// only (each user's second-to-last rating held out of DEV); TEST is each user's last rating.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hitRate, leaveLastOut, loadRatings, type Rating, type Split } from './movielens.ts';
import { easeScores, recencyWeight, trainEase } from '../../core/index.ts';
import { markdownRow } from './metrics.ts';

const path = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
if (!path) {
  console.error('usage: npm run eval:recommend -- <path to u.data> [--json]');
  process.exit(2);
}
const json = process.argv.includes('--json');
const EASE = { lambda: 300, minSupport: 2 };

/** Genres from u.item (latin-1), when it sits beside u.data: the content side of the blend. */
function loadGenres(dataPath: string): Map<string, number[]> {
  try {
    const text = readFileSync(join(dirname(dataPath), 'u.item'), 'latin1');
    return new Map(
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const fields = line.split('|');
          return [fields[0] as string, fields.slice(5).map(Number)];
        }),
    );
  } catch {
    return new Map();
  }
}

type Scorer = (user: string) => Map<string, number>;

function rankAll(split: Split, items: string[], score: Scorer): Map<string, string[]> {
  const seenBy = new Map<string, Set<string>>();
  for (const r of split.train) seenBy.set(r.user, (seenBy.get(r.user) ?? new Set()).add(r.item));
  const rankings = new Map<string, string[]>();
  for (const user of split.heldOut.keys()) {
    const seen = seenBy.get(user) ?? new Set();
    const scores = score(user);
    const candidates = items.filter((item) => !seen.has(item));
    candidates.sort((a, b) => (scores.get(b) ?? 0) - (scores.get(a) ?? 0) || Number(a) - Number(b));
    rankings.set(user, candidates.slice(0, 10));
  }
  return rankings;
}

function buildModels(train: Rating[], genres: Map<string, number[]>) {
  const started = performance.now();
  const popularity = new Map<string, number>();
  for (const r of train) popularity.set(r.item, (popularity.get(r.item) ?? 0) + 1);
  const maxPopularity = Math.max(1, ...popularity.values());
  const popularityTrained = performance.now();
  const ease = trainEase(
    train.map((r) => ({ user: r.user, item: r.item, weight: 1 })),
    EASE,
  );
  const easeTrained = performance.now();
  const history = new Map<string, Map<string, number>>();
  for (const r of train) history.set(r.user, (history.get(r.user) ?? new Map()).set(r.item, 1));
  // The served model weighs each user's history by recency, relative to their latest rating.
  const lastAt = new Map<string, number>();
  for (const r of train) lastAt.set(r.user, Math.max(lastAt.get(r.user) ?? 0, r.at));
  const recentHistory = new Map<string, Map<string, number>>();
  for (const r of train)
    recentHistory.set(
      r.user,
      (recentHistory.get(r.user) ?? new Map()).set(
        r.item,
        recencyWeight(((lastAt.get(r.user) as number) - r.at) / 86400),
      ),
    );
  const taste = new Map<string, number[]>();
  for (const [user, items] of history) {
    const sum = new Array<number>(19).fill(0);
    for (const item of items.keys()) (genres.get(item) ?? []).forEach((g, i) => (sum[i] = (sum[i] as number) + g));
    const norm = Math.hypot(...sum) || 1;
    taste.set(
      user,
      sum.map((v) => v / norm),
    );
  }
  const easeOf = (user: string) => {
    const scores = easeScores(ease, history.get(user) ?? new Map());
    return new Map(ease.items.map((item, i) => [item, scores[i] as number]));
  };
  const content = (user: string, item: string) => {
    const g = genres.get(item);
    const t = taste.get(user);
    if (!g || !t) return 0;
    const norm = Math.hypot(...g) || 1;
    return g.reduce((sum, v, i) => sum + (v / norm) * (t[i] as number), 0);
  };
  const recentEaseOf = (user: string) => {
    const scores = easeScores(ease, recentHistory.get(user) ?? new Map());
    return new Map(ease.items.map((item, i) => [item, scores[i] as number]));
  };
  const blend =
    (beta: number, gamma: number): Scorer =>
    (user) => {
      const base = recentEaseOf(user);
      const scores = new Map<string, number>();
      for (const item of popularity.keys())
        scores.set(
          item,
          (base.get(item) ?? 0) +
            beta * content(user, item) +
            gamma * ((popularity.get(item) as number) / maxPopularity),
        );
      return scores;
    };
  const blendTrained = performance.now();
  return {
    popularity: { score: (() => popularity) as Scorer, seconds: (popularityTrained - started) / 1000 },
    ease: { score: easeOf as Scorer, seconds: (easeTrained - popularityTrained) / 1000 },
    blend,
    blendSeconds: (blendTrained - started) / 1000,
  };
}

const ratings = loadRatings(path);
const genres = loadGenres(path);
const items = [...new Set(ratings.map((r) => r.item))];
const test = leaveLastOut(ratings);
const validation = leaveLastOut(test.train);

// Tune the blend on DEV: hold out each user's last DEV rating, pick the best weights.
const devModels = buildModels(validation.train, genres);
let best = { beta: 0, gamma: 0, hr: -1 };
for (const beta of [0, 0.01, 0.03, 0.1]) {
  for (const gamma of [0, 0.01, 0.03]) {
    const { hr } = hitRate(rankAll(validation, items, devModels.blend(beta, gamma)), validation.heldOut);
    if (hr > best.hr) best = { beta, gamma, hr };
  }
}

const models = buildModels(test.train, genres);
const rows = [
  {
    name: 'popularity',
    ...hitRate(rankAll(test, items, models.popularity.score), test.heldOut),
    trainSeconds: models.popularity.seconds,
    served: false,
  },
  {
    name: `ease (lambda ${EASE.lambda})`,
    ...hitRate(rankAll(test, items, models.ease.score), test.heldOut),
    trainSeconds: models.ease.seconds,
    served: false,
  },
  {
    name: `blend (recency-weighted ease + ${best.beta} genre content + ${best.gamma} popularity)`,
    ...hitRate(rankAll(test, items, models.blend(best.beta, best.gamma)), test.heldOut),
    trainSeconds: models.blendSeconds,
    served: true,
  },
].map((row) => ({
  name: row.name,
  hr10: Number(row.hr.toFixed(3)),
  ndcg10: Number(row.ndcg.toFixed(3)),
  trainSeconds: Number(row.trainSeconds.toFixed(2)),
  served: row.served,
}));

const users = test.heldOut.size;
if (json) console.log(JSON.stringify({ users, items: items.length, models: rows }));
else {
  console.log(
    `MovieLens leave-last-out: ${users} users, ${items.length} items; ` +
      `blend weights tuned on DEV (validation HR@10 ${best.hr.toFixed(3)})`,
  );
  console.log('| model | HR@10 | NDCG@10 | train s | served |\n|---|---|---|---|---|');
  for (const row of rows)
    console.log(
      markdownRow([
        row.name,
        row.hr10.toFixed(3),
        row.ndcg10.toFixed(3),
        row.trainSeconds.toFixed(2),
        row.served ? 'yes' : '',
      ]),
    );
}
