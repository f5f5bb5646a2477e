import type { CommunityDoc, MemberDoc } from '../db/models.ts';
import type { Communities } from '../identity/communities.ts';
import type { Members, MemberKey } from '../identity/members.ts';
import type { EntrySource, PointsLedger } from './points-ledger.ts';
import { loyaltySettings } from './settings.ts';
import type { Tiers } from './tiers.ts';

export interface Award {
  member: MemberKey;
  /** Points before the tier multiplier. */
  basePoints: number;
  reason: string;
  source: EntrySource;
  idempotencyKey: string;
  /** When the earning event happened, if it brought its own time (see PointsChange). */
  occurredAt?: Date;
  meta?: Record<string, unknown>;
}

export interface AwardResult {
  points: number;
  balance: number;
  replayed: boolean;
}

/** Earning for active members: applies the tier multiplier, writes the ledger, promotes. */
export class Earnings {
  constructor(
    private readonly members: Members,
    private readonly communities: Communities,
    private readonly ledger: PointsLedger,
    private readonly tiers: Tiers,
  ) {}

  /** Returns null when the member is not active (nothing is earned). */
  async award(award: Award, known?: { member?: MemberDoc; community?: CommunityDoc }): Promise<AwardResult | null> {
    const member = known?.member ?? (await this.members.find(award.member));
    if (!member || member.status !== 'active') return null;
    const community =
      known?.community ?? (await this.communities.ensure(award.member.platform, award.member.communityId));
    const settings = loyaltySettings(community);
    const multiplier = settings.tiers.find((tier) => tier.name === member.tier)?.multiplier ?? 1;
    const points = Math.floor(award.basePoints * multiplier);
    if (points <= 0) return null;
    const { entry, replayed } = await this.ledger.apply({
      member: award.member,
      delta: points,
      kind: 'earn',
      reason: award.reason,
      source: award.source,
      idempotencyKey: award.idempotencyKey,
      occurredAt: award.occurredAt,
      meta: { ...award.meta, basePoints: award.basePoints, multiplier },
    });
    if (!replayed) await this.tiers.reassess(member, community, entry.at, { allowDemotion: false });
    return { points: entry.delta, balance: entry.balance, replayed };
  }
}
