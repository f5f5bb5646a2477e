import { readFileSync } from 'node:fs';

export interface Rating {
  user: string;
  item: string;
  rating: number;
  at: number;
}

export interface Split {
  train: Rating[];
  /** One held-out rating per user. */
  heldOut: Map<string, Rating>;
}

export function loadRatings(path: string): Rating[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [user = '', item = '', rating = '0', at = '0'] = line.split('\t');
      return { user, item, rating: Number(rating), at: Number(at) };
    });
}

/** Leave-last-out: each user's last rating by (timestamp, item id) is held out. */
export function leaveLastOut(ratings: Rating[]): Split {
  const byUser = new Map<string, Rating[]>();
  for (const rating of ratings) byUser.set(rating.user, [...(byUser.get(rating.user) ?? []), rating]);
  const train: Rating[] = [];
  const heldOut = new Map<string, Rating>();
  for (const [user, list] of byUser) {
    list.sort((a, b) => a.at - b.at || Number(a.item) - Number(b.item));
    heldOut.set(user, list[list.length - 1] as Rating);
    train.push(...list.slice(0, -1));
  }
  return { train, heldOut };
}

/** HR@10 and NDCG@10 of per-user rankings against the held-out items. */
export function hitRate(
  rankings: Map<string, string[]>,
  heldOut: Map<string, Rating>,
  k = 10,
): { hr: number; ndcg: number } {
  let hits = 0;
  let gain = 0;
  for (const [user, target] of heldOut) {
    const rank = (rankings.get(user) ?? []).slice(0, k).indexOf(target.item);
    if (rank >= 0) {
      hits += 1;
      gain += 1 / Math.log2(rank + 2);
    }
  }
  return { hr: hits / heldOut.size, ndcg: gain / heldOut.size };
}
