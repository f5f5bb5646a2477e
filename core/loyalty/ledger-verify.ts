import type { MemberDoc, Models } from '../db/models.ts';
import type { PointsEntry } from '../db/loyalty-models.ts';

export interface LedgerReport {
  members: number;
  entries: number;
  problems: string[];
}

/**
 * Checks every member's stream: seq 1..n without gaps, each balance the running sum of
 * deltas, never negative, running credit/debit totals consistent, cache equal to the last
 * entry. Streams are read in seq order one member at a time, so memory stays flat.
 */
export async function verifyLedger(models: Models, communityId?: string): Promise<LedgerReport> {
  const scope = communityId ? { communityId } : {};
  const report: LedgerReport = { members: 0, entries: 0, problems: [] };
  const streams = await models.PointsEntry.aggregate<{ _id: { c: string; p: string; u: string } }>([
    { $match: scope },
    { $group: { _id: { c: '$communityId', p: '$platform', u: '$userId' } } },
  ]);
  for (const { _id } of streams) {
    report.members += 1;
    const key = { communityId: _id.c, platform: _id.p, userId: _id.u };
    const name = `${_id.c}/${_id.p}/${_id.u}`;
    let expected = { seq: 0, balance: 0, credited: 0, debited: 0 };
    const entries = models.PointsEntry.find(key).sort({ seq: 1 }).lean<PointsEntry>().cursor();
    for await (const entry of entries) {
      report.entries += 1;
      expected = {
        seq: expected.seq + 1,
        balance: expected.balance + entry.delta,
        credited: expected.credited + Math.max(entry.delta, 0),
        debited: expected.debited + Math.max(-entry.delta, 0),
      };
      if (entry.seq !== expected.seq) report.problems.push(`${name}: seq ${entry.seq} where ${expected.seq} was due`);
      if (entry.balance !== expected.balance)
        report.problems.push(`${name}: seq ${entry.seq} balance ${entry.balance}, sum of deltas ${expected.balance}`);
      if (entry.balance < 0) report.problems.push(`${name}: seq ${entry.seq} negative balance ${entry.balance}`);
      if (entry.credited !== expected.credited || entry.debited !== expected.debited)
        report.problems.push(`${name}: seq ${entry.seq} running totals off`);
      expected = { ...expected, seq: entry.seq };
    }
    const member = await models.Member.findOne(key, { pointsBalance: 1 }).lean<MemberDoc>();
    if (member && member.pointsBalance !== expected.balance) {
      report.problems.push(`${name}: cached balance ${member.pointsBalance}, ledger ${expected.balance}`);
    }
  }
  return report;
}
