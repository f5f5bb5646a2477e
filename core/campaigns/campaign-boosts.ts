import type { CommunityDoc, MemberDoc } from '../db/models.ts';
import type { Boost, EarningBoosts, EarningKind } from '../loyalty/earnings.ts';
import type { AudienceCheck } from './audience.ts';
import type { Campaigns } from './campaigns.ts';

/**
 * The campaign multiplier on one earning: of the multiplier campaigns running at the earning's
 * time, for its kind, whose audience includes the member, the highest wins (an earlier-created
 * one on a tie). Multipliers never stack with each other; they multiply the tier's.
 */
export class CampaignBoosts implements EarningBoosts {
  constructor(
    private readonly campaigns: Campaigns,
    private readonly audience: AudienceCheck,
  ) {}

  async boostFor(member: MemberDoc, community: CommunityDoc, kind: EarningKind, at: Date): Promise<Boost | null> {
    const candidates = (await this.campaigns.all(community.communityId))
      .flatMap((campaign) => {
        const { effect } = campaign;
        const running = campaign.startsAt.getTime() <= at.getTime() && at.getTime() < campaign.endsAt.getTime();
        return effect.kind === 'multiplier' && running && effect.earnings.includes(kind)
          ? [{ campaign, multiplier: effect.multiplier }]
          : [];
      })
      .sort(
        (a, b) =>
          b.multiplier - a.multiplier ||
          a.campaign.createdAt.getTime() - b.campaign.createdAt.getTime() ||
          a.campaign.campaignId.localeCompare(b.campaign.campaignId),
      );
    for (const { campaign, multiplier } of candidates) {
      if (await this.audience.includes(campaign, member, at)) return { multiplier, campaignId: campaign.campaignId };
    }
    return null;
  }
}
