import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import { formatDate } from '../format.ts';
import type { MemberNotices } from './member-notices.ts';
import { loyaltySettings } from './settings.ts';
import type { Tiers } from './tiers.ts';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Paid tiers: a reminder before the paid period ends, a grace period after it, then the
 * tier falls back to what points earn. Notices are keyed by the period's end date, so each
 * period reminds and lapses once however often the job runs.
 */
export class Renewals {
  constructor(
    private readonly models: Models,
    private readonly tiers: Tiers,
    private readonly notices: MemberNotices,
  ) {}

  /**
   * Extends a paid tier. Only a later end than the one held counts, so a retried or late
   * older event never rolls a membership back.
   */
  async setPaidTier(member: MemberDoc, community: CommunityDoc, tier: string, paidUntil: Date, now: Date) {
    const result = await this.models.Member.updateOne(
      { _id: member._id, $or: [{ paidUntil: null }, { paidUntil: { $lt: paidUntil } }] },
      { $set: { paidTier: tier, paidUntil } },
    );
    if (result.modifiedCount !== 1) return false;
    await this.tiers.reassess({ ...member, paidTier: tier, paidUntil }, community, now, { allowDemotion: false });
    return true;
  }

  async runForCommunity(community: CommunityDoc, now: Date): Promise<{ reminded: number; lapsed: number }> {
    const { membership } = loyaltySettings(community);
    let reminded = 0;
    let lapsed = 0;
    const paid = this.models.Member.find({
      communityId: community.communityId,
      status: 'active',
      paidTier: { $ne: null },
    })
      .lean<MemberDoc>()
      .cursor();
    for await (const member of paid) {
      if (!member.paidUntil) continue;
      const period = member.paidUntil.toISOString().slice(0, 10);
      const end = member.paidUntil.getTime();
      if (now.getTime() >= end - membership.reminderDays * DAY_MS && now.getTime() < end) {
        const sent = await this.notices.tellOnce(
          `renewal-reminder:${member.platform}:${member.userId}:${period}`,
          member,
          community,
          now,
          (t) => ({
            tone: 'info',
            title: t('renewal.reminderTitle'),
            text: t('renewal.reminderText', {
              tier: member.paidTier,
              date: formatDate(member.paidUntil, t('meta.locale') === 'zh-CN' ? 'zh-CN' : 'en'),
            }),
          }),
        );
        if (sent) reminded += 1;
      }
      if (now.getTime() >= end + membership.graceDays * DAY_MS && (await this.lapse(member, community, now)))
        lapsed += 1;
    }
    return { reminded, lapsed };
  }

  private async lapse(member: MemberDoc, community: CommunityDoc, now: Date): Promise<boolean> {
    const result = await this.models.Member.updateOne(
      { _id: member._id, paidTier: member.paidTier, paidUntil: member.paidUntil },
      { $set: { paidTier: null, paidUntil: null } },
    );
    if (result.modifiedCount !== 1) return false;
    await this.tiers.reassess({ ...member, paidTier: null, paidUntil: null }, community, now, { allowDemotion: true });
    await this.notices.tell(member, community, (t) => ({
      tone: 'warning',
      title: t('renewal.lapsedTitle'),
      text: t('renewal.lapsedText', { tier: member.paidTier }),
    }));
    return true;
  }
}
