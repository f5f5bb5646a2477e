import { memberField } from '../db/ids.ts';
import type { MemberDoc, Models } from '../db/models.ts';
import { startOfIsoWeek, startOfMonth } from '../time.ts';

export type Period = 'week' | 'month' | 'all';

/** One member's points in a standing, as the sorted sets hold them (`platform|user`). */
export type Score = [member: string, points: number];

const DAY_MS = 24 * 3600 * 1000;

/** The window a week or month standing covers, for the moment given. */
export function periodWindow(period: 'week' | 'month', at: Date): { from: Date; to: Date } {
  if (period === 'week') {
    const from = startOfIsoWeek(at);
    return { from, to: new Date(from.getTime() + 7 * DAY_MS) };
  }
  const from = startOfMonth(at);
  return { from, to: new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1)) };
}

/**
 * What MongoDB says a standing is, for rebuilding it after Redis lost it. All time: the
 * members' lifetime totals (the ledger's cache). A week or month: the ledger's earnings in
 * that window, whose entries carry the time they were written.
 */
export async function* scoresFromStore(
  models: Models,
  communityId: string,
  period: Period,
  at: Date,
): AsyncGenerator<Score> {
  if (period === 'all') {
    const members = models.Member.find(
      { communityId, earnedTotal: { $gt: 0 } },
      { _id: 0, platform: 1, userId: 1, earnedTotal: 1 },
    )
      .lean<MemberDoc>()
      .cursor({ batchSize: 5000 });
    for await (const member of members) yield [memberField(member), member.earnedTotal];
    return;
  }
  const { from, to } = periodWindow(period, at);
  const sums = await models.PointsEntry.aggregate<{ _id: { p: string; u: string }; points: number }>([
    { $match: { communityId, kind: { $in: ['earn', 'adjust'] }, delta: { $gt: 0 }, at: { $gte: from, $lt: to } } },
    { $group: { _id: { p: '$platform', u: '$userId' }, points: { $sum: '$delta' } } },
  ]);
  for (const sum of sums) yield [memberField({ platform: sum._id.p, userId: sum._id.u }), sum.points];
}

/** Count and sum of the all-time standing in MongoDB: the cheap fingerprint the sorted set must match. */
export async function allTimeFingerprint(models: Models, communityId: string): Promise<{ count: number; sum: number }> {
  const filter = { communityId, earnedTotal: { $gt: 0 } };
  // One accumulator per $group, grouped by community: FerretDB 1.24 sums to 0 in a null group
  // and in any accumulator after the first.
  const [count, [row]] = await Promise.all([
    models.Member.countDocuments(filter),
    models.Member.aggregate<{ sum: number }>([
      { $match: filter },
      { $group: { _id: '$communityId', sum: { $sum: '$earnedTotal' } } },
    ]),
  ]);
  return { count, sum: row?.sum ?? 0 };
}
