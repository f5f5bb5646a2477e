import type { AnyJob } from './job.ts';
import chatPointsFlush from './chat-points-flush.ts';
import feedbackRecord from './feedback-record.ts';
import loyaltyRepair from './loyalty-repair.ts';
import membershipRenewals from './membership-renewals.ts';
import pointsExpire from './points-expire.ts';
import personasRefresh from './personas-refresh.ts';
import recommendPush from './recommend-push.ts';
import recommendTrain from './recommend-train.ts';
import sentimentDigest from './sentiment-digest.ts';
import sentimentFlush from './sentiment-flush.ts';
import tiersRecompute from './tiers-recompute.ts';

/** Every job the worker runs; add a job by adding its file and listing it here. */
export const JOBS: AnyJob[] = [
  chatPointsFlush,
  feedbackRecord,
  loyaltyRepair,
  membershipRenewals,
  personasRefresh,
  pointsExpire,
  recommendPush,
  recommendTrain,
  sentimentDigest,
  sentimentFlush,
  tiersRecompute,
];

export function findJob(name: string): AnyJob | undefined {
  return JOBS.find((job) => job.name === name);
}
