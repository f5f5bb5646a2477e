import type { CommunityDoc, MemberDoc } from '../db/models.ts';
import type { Communities } from '../identity/communities.ts';
import type { Members, MemberKey } from '../identity/members.ts';
import type { Clock } from '../ports.ts';
import type { EntrySource, PointsLedger } from './points-ledger.ts';
import { loyaltySettings } from './settings.ts';
import type { Tiers } from './tiers.ts';

/** The earning rules a campaign may multiply. */
export const EARNING_KINDS = ['chat', 'purchase', 'feedback', 'referral'] as const;
export type EarningKind = (typeof EARNING_KINDS)[number];

export interface Award {
  member: MemberKey;
  /** Points before any multiplier. */
  basePoints: number;
  reason: string;
  source: EntrySource;
  idempotencyKey: string;
  /** The rule that paid it: a running campaign may multiply it (see EarningBoosts). */
  earning?: EarningKind;
  /** Paid as stated, with no tier or campaign multiplier (campaign bonuses). */
  flat?: boolean;
  /** When the earning event happened, if it brought its own time (see PointsChange). */
  occurredAt?: Date;
  meta?: Record<string, unknown>;
}

export interface AwardResult {
  points: number;
  balance: number;
  replayed: boolean;
}

/** A multiplier over the tier's, and who grants it. */
export interface Boost {
  multiplier: number;
  campaignId: string;
}

/** Extra multipliers on earnings: running campaigns (core/campaigns) provide them. */
export interface EarningBoosts {
  /** The one boost for this member's earning of this kind at this time (the highest), or null. */
  boostFor(member: MemberDoc, community: CommunityDoc, kind: EarningKind, at: Date): Promise<Boost | null>;
}

/**
 * Earning for active members: the tier multiplier, then a campaign's on top, each written as
 * its own keyed ledger entry; then promotion. Rule: points = base × tier, and a running
 * campaign adds base × tier × (its multiplier − 1) as a `campaign-multiplier` entry; when
 * several campaigns apply, the highest multiplier wins (they do not stack). Campaign bonuses
 * are flat awards and add up.
 */
export class Earnings {
  private boosts: EarningBoosts | null = null;

  constructor(
    private readonly members: Members,
    private readonly communities: Communities,
    private readonly ledger: PointsLedger,
    private readonly tiers: Tiers,
    private readonly clock: Clock,
  ) {}

  boostWith(boosts: EarningBoosts): void {
    this.boosts = boosts;
  }

  /** Returns null when the member is not active (nothing is earned). */
  async award(award: Award, known?: { member?: MemberDoc; community?: CommunityDoc }): Promise<AwardResult | null> {
    const member = known?.member ?? (await this.members.find(award.member));
    if (!member || member.status !== 'active') return null;
    const community =
      known?.community ?? (await this.communities.ensure(award.member.platform, award.member.communityId));
    const settings = loyaltySettings(community);
    const multiplier = award.flat ? 1 : (settings.tiers.find((tier) => tier.name === member.tier)?.multiplier ?? 1);
    const points = Math.floor(award.basePoints * multiplier);
    if (points <= 0) return null;
    // A purchase counts toward a campaign by its own time; other earnings by the time they are credited.
    const earnedAt = award.occurredAt ?? this.clock.now();
    const boost =
      award.earning && !award.flat && this.boosts
        ? await this.boosts.boostFor(member, community, award.earning, earnedAt)
        : null;
    const base = await this.ledger.apply({
      member: award.member,
      delta: points,
      kind: 'earn',
      reason: award.reason,
      source: award.source,
      idempotencyKey: award.idempotencyKey,
      occurredAt: award.occurredAt,
      meta: { ...award.meta, basePoints: award.basePoints, multiplier },
    });
    // Applied even when the base entry was a replay: a crash may have come between the two.
    const extraPoints = boost ? Math.floor(award.basePoints * multiplier * boost.multiplier) - points : 0;
    const extra =
      boost && extraPoints > 0
        ? await this.ledger.apply({
            member: award.member,
            delta: extraPoints,
            kind: 'earn',
            reason: 'campaign-multiplier',
            source: 'rule',
            idempotencyKey: `campaign:${boost.campaignId}:${award.idempotencyKey}`,
            occurredAt: award.occurredAt,
            meta: { campaignId: boost.campaignId, multiplier: boost.multiplier, for: award.reason },
          })
        : null;
    const replayed = base.replayed && (extra?.replayed ?? true);
    const last = extra?.entry ?? base.entry;
    if (!replayed) await this.tiers.reassess(member, community, last.at, { allowDemotion: false });
    return { points: base.entry.delta + (extra?.entry.delta ?? 0), balance: last.balance, replayed };
  }
}
