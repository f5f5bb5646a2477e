import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import type { Platform } from '../types.ts';
import type { Earnings } from './earnings.ts';
import { loyaltySettings } from './settings.ts';

/** Credits both sides of a referral once per new member, however often it is retried. */
export class Referrals {
  constructor(
    private readonly models: Models,
    private readonly earnings: Earnings,
  ) {}

  async credit(newMember: MemberDoc, community: CommunityDoc): Promise<void> {
    if (!newMember.referredBy || newMember.referralCredited) return;
    const settings = loyaltySettings(community);
    const base = { communityId: newMember.communityId, platform: newMember.platform as Platform };
    const key = `referral:${newMember.platform}:${newMember.userId}`;
    if (settings.referral.referrer > 0) {
      await this.earnings.award({
        member: { ...base, userId: newMember.referredBy },
        basePoints: settings.referral.referrer,
        reason: 'referral',
        source: 'referral',
        earning: 'referral',
        idempotencyKey: `${key}:referrer`,
        meta: { referred: newMember.userId },
      });
    }
    if (settings.referral.referee > 0) {
      await this.earnings.award({
        member: { ...base, userId: newMember.userId },
        basePoints: settings.referral.referee,
        reason: 'referred',
        source: 'referral',
        earning: 'referral',
        idempotencyKey: `${key}:referee`,
      });
    }
    await this.models.Member.updateOne({ _id: newMember._id }, { $set: { referralCredited: true } });
  }

  /** Members whose referral credit a crash interrupted. */
  async uncredited(olderThan: Date, limit = 500): Promise<MemberDoc[]> {
    return this.models.Member.find({ referredBy: { $ne: null }, referralCredited: false, joinedAt: { $lt: olderThan } })
      .limit(limit)
      .lean<MemberDoc[]>();
  }
}
