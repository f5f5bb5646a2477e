import type { CampaignDoc } from '../db/campaign-models.ts';
import { entryDocId, memberDocId, memberField } from '../db/ids.ts';
import type { PointsEntry } from '../db/loyalty-models.ts';
import type { MemberDoc, Models } from '../db/models.ts';
import { HIGH_CHURN_RISK, type Personas } from '../personas/personas.ts';

const DAY_MS = 24 * 3600 * 1000;
/** How far back past expiries and campaign credits the last activity is looked for. */
const ACTIVITY_LOOKBACK = 10;

/**
 * Whether a member is in a campaign's audience at a moment: by tier, by the persona members
 * they were in when the campaign was created, at high churn risk (the latest refresh), or
 * inactive — no points earned or spent for the given days (expiries and campaign credits are
 * not activity; a member who never earned counts from joining).
 */
export class AudienceCheck {
  constructor(
    private readonly models: Models,
    private readonly personas: Personas,
  ) {}

  async includes(campaign: CampaignDoc, member: MemberDoc, at: Date): Promise<boolean> {
    const audience = campaign.audience;
    switch (audience.kind) {
      case 'all':
        return true;
      case 'tiers':
        return audience.tiers.includes(member.tier);
      case 'personas':
        return (
          (await this.models.CampaignAudienceMember.exists({ _id: `${campaign._id}|${memberField(member)}` })) !== null
        );
      case 'churn': {
        const assignment = await this.personas.ofMember(member.communityId, member.platform, member.userId);
        return (assignment?.churnRisk ?? 0) >= HIGH_CHURN_RISK;
      }
      case 'inactive':
        return (await this.lastActivity(member)).getTime() <= at.getTime() - audience.days * DAY_MS;
    }
  }

  /** The last ledger entry the member caused, read backwards by `_id` from the cached sequence. */
  async lastActivity(member: MemberDoc): Promise<Date> {
    const streamId = memberDocId(member);
    for (let seq = member.ledgerSeq ?? 0, step = 0; seq > 0 && step < ACTIVITY_LOOKBACK; seq -= 1, step += 1) {
      const entry = await this.models.PointsEntry.findById(entryDocId(streamId, seq)).lean<PointsEntry>();
      if (!entry) break;
      if (entry.kind !== 'expire' && !entry.reason.startsWith('campaign-'))
        return entry.at.getTime() > member.joinedAt.getTime() ? entry.at : member.joinedAt;
    }
    return member.joinedAt;
  }
}
