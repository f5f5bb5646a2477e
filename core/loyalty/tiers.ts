import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import type { DomainEvents } from '../domain-events.ts';
import type { RoleSync } from '../ports.ts';
import type { Platform } from '../types.ts';
import type { MemberNotices } from './member-notices.ts';
import type { PointsLedger } from './points-ledger.ts';
import { loyaltySettings, type LoyaltySettings, type Tier } from './settings.ts';

const YEAR_MS = 365 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export function tierForPoints(settings: LoyaltySettings, points: number): Tier {
  return settings.tiers.filter((tier) => tier.threshold <= points).at(-1) ?? (settings.tiers[0] as Tier);
}

export function tierByName(settings: LoyaltySettings, name: string | null | undefined): Tier | undefined {
  return settings.tiers.find((tier) => tier.name === name);
}

export function nextTier(settings: LoyaltySettings, tier: Tier): Tier | undefined {
  return settings.tiers.find((candidate) => candidate.threshold > tier.threshold);
}

export function tierRank(settings: LoyaltySettings, name: string): number {
  return settings.tiers.findIndex((tier) => tier.name === name);
}

/** Paid tiers hold until the paid period plus grace ends. */
export function paidTierActive(
  member: Pick<MemberDoc, 'paidTier' | 'paidUntil'>,
  settings: LoyaltySettings,
  now: Date,
): boolean {
  if (!member.paidTier || !member.paidUntil) return false;
  return member.paidUntil.getTime() + settings.membership.graceDays * DAY_MS > now.getTime();
}

export interface TierChange {
  from: string;
  to: string;
  direction: 'up' | 'down';
}

/** Computes tiers from the ledger (lifetime or rolling 12 months) and paid periods. */
export class Tiers {
  constructor(
    private readonly models: Models,
    private readonly ledger: PointsLedger,
    private readonly notices: MemberNotices,
    private readonly roleSync: RoleSync | null,
    private readonly events: DomainEvents,
  ) {}

  async tierPoints(member: MemberDoc, settings: LoyaltySettings, now: Date): Promise<number> {
    const key = { communityId: member.communityId, platform: member.platform as Platform, userId: member.userId };
    const current = await this.ledger.totals(key);
    if (settings.tierBasis === 'lifetime') return current.earned;
    const yearAgo = await this.ledger.totalsAt(key, new Date(now.getTime() - YEAR_MS));
    return current.earned - yearAgo.earned;
  }

  async deservedTier(member: MemberDoc, settings: LoyaltySettings, now: Date): Promise<Tier> {
    const byPoints = tierForPoints(settings, await this.tierPoints(member, settings, now));
    const paid = paidTierActive(member, settings, now) ? tierByName(settings, member.paidTier) : undefined;
    return paid && paid.threshold > byPoints.threshold ? paid : byPoints;
  }

  /**
   * Moves an active member to the tier they deserve. Promotions happen after any change;
   * demotions only when allowed (the nightly job), so a refund never flickers a tier.
   * The conditional update lets exactly one concurrent caller announce the change.
   */
  async reassess(
    member: MemberDoc,
    community: CommunityDoc,
    now: Date,
    options: { allowDemotion: boolean },
  ): Promise<TierChange | null> {
    if (member.status !== 'active') return null;
    const settings = loyaltySettings(community);
    const deserved = await this.deservedTier(member, settings, now);
    if (deserved.name === member.tier) return null;
    const direction = tierRank(settings, deserved.name) > tierRank(settings, member.tier) ? 'up' : 'down';
    if (direction === 'down' && !options.allowDemotion) return null;
    const result = await this.models.Member.updateOne(
      { _id: member._id, tier: member.tier, status: 'active' },
      { $set: { tier: deserved.name } },
    );
    if (result.modifiedCount !== 1) return null;
    await this.events.emit({
      type: 'member.tier_changed',
      key: `${member.platform}|${member.userId}|${member.tier}>${deserved.name}|${now.toISOString()}`,
      communityId: member.communityId,
      at: now,
      member: { platform: member.platform, userId: member.userId },
      data: { from: member.tier, to: deserved.name, direction },
      carriesText: false,
    });
    // A role the bot may not manage (permissions, hierarchy) must not undo the tier change.
    await this.roleSync
      ?.setTier(
        { platform: member.platform as Platform, communityId: member.communityId, userId: member.userId },
        deserved.name,
      )
      .catch(() => undefined);
    const locale = (l: string) => (l === 'zh-CN' ? 'zh-CN' : 'en') as 'en' | 'zh-CN';
    await this.notices.tell(member, community, (t) => ({
      tone: direction === 'up' ? 'success' : 'info',
      title: t(direction === 'up' ? 'tiers.promotedTitle' : 'tiers.demotedTitle', { tier: deserved.name }),
      text: t(direction === 'up' ? 'tiers.promotedText' : 'tiers.demotedText', {
        tier: deserved.name,
        benefits: deserved.benefits[locale(t('meta.locale'))] || deserved.benefits.en,
      }),
    }));
    return { from: member.tier, to: deserved.name, direction };
  }
}
