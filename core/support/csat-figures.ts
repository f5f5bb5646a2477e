import type { Models } from '../db/models.ts';
import type { CsatRatingDoc } from '../db/retention-models.ts';
import { proportion, type Proportion } from '../stats.ts';
import { isoWeek } from '../time.ts';

/** Ratings of one group (a week, a staff member, the whole period). */
export interface CsatGroup {
  key: string;
  count: number;
  /** Mean rating 1–5; null without ratings. */
  mean: number | null;
  /** Share rating 4 or 5 (the usual CSAT score), with its 95% interval. */
  satisfied: Proportion;
}

export interface CsatFigures {
  all: CsatGroup;
  byWeek: CsatGroup[];
  byStaff: CsatGroup[];
  /** Ratings with a comment, and the comments' mean sentiment. */
  comments: number;
  commentMean: number | null;
}

function group(key: string, ratings: CsatRatingDoc[]): CsatGroup {
  const sum = ratings.reduce((total, r) => total + r.rating, 0);
  return {
    key,
    count: ratings.length,
    mean: ratings.length > 0 ? sum / ratings.length : null,
    satisfied: proportion(ratings.filter((r) => r.rating >= 4).length, ratings.length),
  };
}

function groupBy(ratings: CsatRatingDoc[], keyOf: (r: CsatRatingDoc) => string): CsatGroup[] {
  const groups = new Map<string, CsatRatingDoc[]>();
  for (const rating of ratings) groups.set(keyOf(rating), [...(groups.get(keyOf(rating)) ?? []), rating]);
  return [...groups].map(([key, list]) => group(key, list));
}

/** CSAT of the tickets first rated in a period: overall, per ISO week, per staff member who closed them. */
export async function csatFigures(models: Models, communityId: string, from: Date, to: Date): Promise<CsatFigures> {
  const ratings = await models.CsatRating.find({ communityId, ratedAt: { $gte: from, $lte: to } })
    .limit(50_000)
    .lean<CsatRatingDoc[]>();
  const commented = ratings.filter((r) => r.commentScore !== null && r.commentScore !== undefined);
  return {
    all: group('all', ratings),
    byWeek: groupBy(ratings, (r) => isoWeek(r.ratedAt)).sort((a, b) => a.key.localeCompare(b.key)),
    byStaff: groupBy(ratings, (r) => r.staffName || r.staffId || '—').sort(
      (a, b) => b.count - a.count || a.key.localeCompare(b.key),
    ),
    comments: commented.length,
    commentMean:
      commented.length > 0 ? commented.reduce((s, r) => s + (r.commentScore as number), 0) / commented.length : null,
  };
}

/** "4.3 · 80% satisfied (n=10)". */
export function csatLine(group: CsatGroup, t: (key: string, params?: Record<string, unknown>) => string): string {
  if (group.count === 0 || group.mean === null) return '—';
  return t('csat.line', {
    mean: group.mean.toFixed(1),
    satisfied: Math.round((group.satisfied.rate ?? 0) * 100),
    count: group.count,
  });
}
