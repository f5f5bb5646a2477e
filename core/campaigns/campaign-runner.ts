import type { CampaignDoc } from '../db/campaign-models.ts';
import { createOnce } from '../db/create-once.ts';
import { memberField } from '../db/ids.ts';
import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import { firstSupportedLocale } from '../i18n.ts';
import type { Communities } from '../identity/communities.ts';
import type { Logger } from '../logger.ts';
import type { Earnings } from '../loyalty/earnings.ts';
import type { MemberNotices } from '../loyalty/member-notices.ts';
import { supportSettings } from '../support/settings.ts';
import type { Platform } from '../types.ts';
import type { AudienceCheck } from './audience.ts';
import { dueAnniversaries } from './campaign-input.ts';
import { announcement } from './campaign-text.ts';

const DAY_MS = 24 * 3600 * 1000;
/** DMs per campaign and run: the next run (every few minutes) sends the next ones. */
const DMS_PER_RUN = 200;

export interface RunTotals {
  announced: number;
  bonuses: number;
  dms: number;
}

/**
 * What the `campaigns-run` job does every few minutes, each step keyed so that any number of
 * runs has one effect: the announcement in the community's channel once a campaign starts;
 * for its audience, the one-time bonus (on joining the audience while it runs), anniversary
 * bonuses (the day, in the campaign's time zone, overlapping its window; a day late if the
 * worker was down) and the DM (paced, skipping members who turned campaign DMs off).
 */
export class CampaignRunner {
  constructor(
    private readonly models: Models,
    private readonly communities: Communities,
    private readonly audience: AudienceCheck,
    private readonly earnings: Earnings,
    private readonly notices: MemberNotices,
    private readonly logger: Logger,
    /** Pause between DMs for the platforms' rate limits; tests set 0. */
    private readonly pauseMs = 250,
  ) {}

  async run(now: Date): Promise<RunTotals> {
    const totals: RunTotals = { announced: 0, bonuses: 0, dms: 0 };
    // Ended within the last day: anniversaries of its last day may still be due.
    const live = await this.models.Campaign.find({ endsAt: { $gt: new Date(now.getTime() - DAY_MS) } })
      .sort({ startsAt: 1 })
      .lean<CampaignDoc[]>();
    const communities = new Map((await this.communities.all()).map((c) => [c.communityId, c]));
    for (const campaign of live) {
      const community = communities.get(campaign.communityId);
      if (!community || campaign.startsAt.getTime() > now.getTime()) continue;
      const running = now.getTime() < campaign.endsAt.getTime();
      if (running && (await this.announce(campaign, community, now))) totals.announced += 1;
      if (campaign.effect.kind !== 'multiplier' || (campaign.dm && running)) {
        const reached = await this.reachAudience(campaign, community, now);
        totals.bonuses += reached.bonuses;
        totals.dms += reached.dms;
      }
    }
    return totals;
  }

  private async announce(campaign: CampaignDoc, community: CommunityDoc, now: Date): Promise<boolean> {
    const channelId = supportSettings(community).announceChannelId;
    if (!channelId) return false;
    const locale = firstSupportedLocale(community.defaultLocale) ?? 'en';
    return this.notices.postOnce(`campaign-start:${campaign.campaignId}`, community, channelId, now, (t) =>
      announcement(t, locale, campaign),
    );
  }

  private async reachAudience(campaign: CampaignDoc, community: CommunityDoc, now: Date): Promise<RunTotals> {
    const reached: RunTotals = { announced: 0, bonuses: 0, dms: 0 };
    const running = now.getTime() < campaign.endsAt.getTime();
    const members = this.models.Member.find({ communityId: campaign.communityId, status: 'active' })
      .lean<MemberDoc>()
      .cursor();
    for await (const member of members) {
      if (!(await this.audience.includes(campaign, member, now))) continue;
      reached.bonuses += await this.bonuses(campaign, member, community, now, running);
      if (campaign.dm && running && member.campaignDms !== false && reached.dms < DMS_PER_RUN) {
        if (await this.dm(campaign, member, community, now)) {
          reached.dms += 1;
          if (this.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
        }
      }
    }
    return reached;
  }

  private async bonuses(
    campaign: CampaignDoc,
    member: MemberDoc,
    community: CommunityDoc,
    now: Date,
    running: boolean,
  ): Promise<number> {
    const { effect } = campaign;
    const who = `${member.platform}:${member.userId}`;
    const awards: Array<{ key: string; reason: string; points: number; years?: number }> = [];
    if (effect.kind === 'join-bonus' && running)
      awards.push({
        key: `campaign:${campaign.campaignId}:bonus:${who}`,
        reason: 'campaign-bonus',
        points: effect.points,
      });
    if (effect.kind === 'anniversary') {
      for (const years of dueAnniversaries(member.joinedAt, campaign, now)) {
        const key = `campaign:${campaign.campaignId}:anniversary:${who}:${years}`;
        awards.push({ key, reason: 'campaign-anniversary', points: effect.points, years });
      }
    }
    let paid = 0;
    for (const award of awards) {
      const result = await this.earnings.award(
        {
          member: { communityId: member.communityId, platform: member.platform as Platform, userId: member.userId },
          basePoints: award.points,
          reason: award.reason,
          source: 'rule',
          flat: true,
          idempotencyKey: award.key,
          meta: { campaignId: campaign.campaignId, ...(award.years ? { years: award.years } : {}) },
        },
        { member, community },
      );
      if (result && !result.replayed) paid += 1;
    }
    return paid;
  }

  /** Once per campaign and member; the record of it is read first, so later runs skip them cheaply. */
  private async dm(campaign: CampaignDoc, member: MemberDoc, community: CommunityDoc, now: Date): Promise<boolean> {
    const _id = `${campaign._id}|${memberField(member)}|dm`;
    if (await this.models.CampaignActivity.exists({ _id })) return false;
    const locale = firstSupportedLocale(member.language, community.defaultLocale) ?? 'en';
    try {
      const sent = await this.notices.tellOnce(`campaign-dm:${_id}`, member, community, now, (t) =>
        announcement(t, locale, campaign),
      );
      await createOnce(this.models.CampaignActivity, {
        _id,
        communityId: campaign.communityId,
        campaignId: campaign.campaignId,
        platform: member.platform,
        userId: member.userId,
        kind: 'dm',
        points: 0,
        at: now,
      });
      return sent;
    } catch (error) {
      this.logger.warn({ err: error, userId: member.userId }, 'campaign DM not delivered');
      return false;
    }
  }
}
