import { randomInt } from 'node:crypto';
import { UserError, isDuplicateKeyError } from '../errors.ts';
import type { Locale } from '../i18n.ts';
import type { MemberDoc, Models } from '../db/models.ts';
import type { Platform } from '../types.ts';
import { memberDocId } from '../db/ids.ts';
import type { DomainEvents } from '../domain-events.ts';
import type { DocumentCache } from '../stores/document-cache.ts';

export interface MemberKey {
  communityId: string;
  platform: Platform;
  userId: string;
}

export interface JoinRequest extends MemberKey {
  displayName: string;
  tier: string;
  referralCode?: string;
  now: Date;
}

export interface JoinResult {
  member: MemberDoc;
  /** Set only for a first join through a valid referral code. */
  referrer: MemberDoc | null;
  rejoined: boolean;
}

// No 0/O or 1/I/L: codes are read aloud and typed by hand.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const REFERRAL_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{8}$/;

/** A paused member is told until when, and how to resume. */
export function pausedError(member: Pick<MemberDoc, 'pausedUntil'>): UserError {
  return new UserError('MEMBER.PAUSED', { date: member.pausedUntil?.toISOString().slice(0, 10) ?? '—' });
}

function newReferralCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
}

/** Membership lifecycle: join, look up, cancel, preferences. Every query names its community. */
export class Members {
  constructor(
    private readonly models: Models,
    private readonly cache: DocumentCache<MemberDoc>,
    private readonly events: DomainEvents,
  ) {}

  async find(key: MemberKey): Promise<MemberDoc | null> {
    return this.models.Member.findById(memberDocId(key)).lean<MemberDoc>();
  }

  /** The same through the cache: for the one read every command makes of its caller. */
  async findCached(key: MemberKey): Promise<MemberDoc | null> {
    return this.cache.get(memberDocId(key), () => this.find(key));
  }

  async require(
    key: MemberKey,
    code: 'MEMBER.NOT_FOUND' | 'MEMBER.TARGET_NOT_FOUND' = 'MEMBER.NOT_FOUND',
  ): Promise<MemberDoc> {
    const member = await this.find(key);
    if (!member) throw new UserError(code, { user: key.userId });
    return member;
  }

  async findByReferralCode(communityId: string, code: string): Promise<MemberDoc | null> {
    return this.models.Member.findOne({ communityId, referralCode: code }).lean<MemberDoc>();
  }

  async join(request: JoinRequest): Promise<JoinResult> {
    const existing = await this.find(request);
    if (existing?.status === 'active') throw new UserError('MEMBER.ALREADY_ACTIVE');
    if (existing?.status === 'paused') throw pausedError(existing);
    if (existing && request.referralCode) {
      // Referral codes reward bringing someone new; a returning member cannot use one.
      const own = request.referralCode.toUpperCase() === existing.referralCode;
      throw new UserError(own ? 'REFERRAL.SELF' : 'REFERRAL.ONLY_NEW');
    }
    if (existing) {
      const member = await this.reactivate(existing, request);
      await this.joined(member, true);
      return { member, referrer: null, rejoined: true };
    }

    const referrer = request.referralCode ? await this.resolveReferrer(request) : null;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        const created = await this.models.Member.create({
          _id: memberDocId(request),
          communityId: request.communityId,
          platform: request.platform,
          userId: request.userId,
          displayName: request.displayName,
          status: 'active',
          tier: request.tier,
          joinedAt: request.now,
          referralCode: newReferralCode(),
          referredBy: referrer ? referrer.userId : null,
        });
        const member = created.toObject() as MemberDoc;
        await this.joined(member, false);
        return { member, referrer, rejoined: false };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Either a concurrent join of the same user won, or the referral code collided.
        if (await this.find(request)) throw new UserError('MEMBER.ALREADY_ACTIVE');
      }
    }
    throw new Error('could not allocate a unique referral code');
  }

  /** Cancels an active or paused membership; false when it was already cancelled. */
  async cancel(member: MemberDoc, reason: string | null, now: Date): Promise<boolean> {
    const result = await this.models.Member.updateOne(
      { _id: member._id, status: { $in: ['active', 'paused'] } },
      { $set: { status: 'cancelled', cancelledAt: now, cancelReason: reason } },
    );
    if (result.modifiedCount !== 1) return false;
    await this.events.emit({
      type: 'member.cancelled',
      key: `${member.platform}|${member.userId}|${now.toISOString()}`,
      communityId: member.communityId,
      at: now,
      member: { platform: member.platform, userId: member.userId },
      data: { tier: member.tier, reason },
      carriesText: reason !== null,
    });
    return true;
  }

  async setLanguage(key: MemberKey, language: Locale): Promise<void> {
    await this.models.Member.updateOne({ _id: memberDocId(key) }, { $set: { language } });
  }

  async setRecommendDms(key: MemberKey, enabled: boolean): Promise<void> {
    await this.models.Member.updateOne({ _id: memberDocId(key) }, { $set: { recommendDms: enabled } });
  }

  /** DMs with offers (churn nudges): members may turn them off, and on again. */
  async setOfferDms(key: MemberKey, enabled: boolean): Promise<void> {
    await this.models.Member.updateOne({ _id: memberDocId(key) }, { $set: { offerDms: enabled } });
  }

  /** Campaign announcements by DM: on unless the member turns them off. */
  async setCampaignDms(key: MemberKey, enabled: boolean): Promise<void> {
    await this.models.Member.updateOne({ _id: memberDocId(key) }, { $set: { campaignDms: enabled } });
  }

  async countReferredBy(communityId: string, userId: string): Promise<number> {
    return this.models.Member.countDocuments({ communityId, referredBy: userId });
  }

  private async joined(member: MemberDoc, rejoined: boolean): Promise<void> {
    await this.events.emit({
      type: 'member.joined',
      key: `${member.platform}|${member.userId}|${member.joinedAt.toISOString()}`,
      communityId: member.communityId,
      at: member.joinedAt,
      member: { platform: member.platform, userId: member.userId },
      data: { tier: member.tier, rejoined, referredBy: member.referredBy },
      carriesText: false,
    });
  }

  private async resolveReferrer(request: JoinRequest): Promise<MemberDoc> {
    const code = request.referralCode?.toUpperCase() ?? '';
    const referrer = REFERRAL_CODE_PATTERN.test(code) ? await this.findByReferralCode(request.communityId, code) : null;
    if (!referrer || referrer.status !== 'active')
      throw new UserError('REFERRAL.UNKNOWN', { code: request.referralCode ?? '' });
    return referrer;
  }

  private async reactivate(existing: MemberDoc, request: JoinRequest): Promise<MemberDoc> {
    const updated = await this.models.Member.findOneAndUpdate(
      { _id: existing._id, status: 'cancelled' },
      { $set: { status: 'active', joinedAt: request.now, cancelledAt: null, cancelReason: null, tier: request.tier } },
      { new: true },
    ).lean<MemberDoc>();
    if (!updated) throw new UserError('MEMBER.ALREADY_ACTIVE');
    return updated;
  }
}
