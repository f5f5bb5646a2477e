import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import type { PointsEntry } from '../db/loyalty-models.ts';
import type { DomainEvents } from '../domain-events.ts';
import type { Platform } from '../types.ts';
import { formatDate } from '../format.ts';
import type { MemberNotices } from './member-notices.ts';
import type { PointsLedger } from './points-ledger.ts';
import { loyaltySettings } from './settings.ts';

const DAY_MS = 24 * 3600 * 1000;

/**
 * First in, first out: points credited more than `expiry.days` ago (plus any time the member
 * spent paused) that spends and earlier expiries have not used up expire. Entries are keyed
 * by member and day, so running the job twice on a day has one effect.
 */
export class PointsExpiry {
  constructor(
    private readonly models: Models,
    private readonly ledger: PointsLedger,
    private readonly notices: MemberNotices,
    private readonly events: DomainEvents,
  ) {}

  async runForCommunity(community: CommunityDoc, now: Date): Promise<{ expired: number; warned: number }> {
    const { expiry } = loyaltySettings(community);
    if (expiry.days === 0) return { expired: 0, warned: 0 };
    let expired = 0;
    let warned = 0;
    const holders = this.models.Member.find({ communityId: community.communityId, pointsBalance: { $gt: 0 } })
      .lean<MemberDoc>()
      .cursor();
    for await (const member of holders) {
      // A paused member's points wait for them; the time paused is added to their life after.
      if (member.status === 'paused') continue;
      expired += await this.expireMember(member, expiry.days, now);
      if (expiry.warnDays > 0 && (await this.warnMember(member, community, expiry, now))) warned += 1;
    }
    return { expired, warned };
  }

  private async expireMember(member: MemberDoc, days: number, now: Date): Promise<number> {
    const key = memberKey(member);
    const cutoff = new Date(now.getTime() - days * DAY_MS - (member.pausedMsTotal ?? 0));
    const creditedBeforeCutoff = (await this.ledger.totalsAt(key, cutoff)).credited;
    const totals = await this.ledger.totals(key);
    const amount = Math.min(totals.balance, creditedBeforeCutoff - totals.debited);
    if (amount <= 0) return 0;
    const day = new Date(now.getTime()).toISOString().slice(0, 10);
    const result = await this.ledger.apply({
      member: key,
      delta: -amount,
      kind: 'expire',
      reason: 'expired',
      source: 'job',
      idempotencyKey: `expire:${member.platform}:${member.userId}:${day}`,
    });
    return result.replayed ? 0 : amount;
  }

  /** Warns once per expiring credit: the oldest credit not yet used up decides the date. */
  private async warnMember(
    member: MemberDoc,
    community: CommunityDoc,
    expiry: { days: number; warnDays: number },
    now: Date,
  ): Promise<boolean> {
    const key = memberKey(member);
    const totals = await this.ledger.totals(key);
    if (totals.balance <= 0) return false;
    const head = await this.models.PointsEntry.findOne({ ...key, credited: { $gt: totals.debited } })
      .sort({ seq: 1 })
      .lean<PointsEntry>();
    if (!head) return false;
    const expiresAt = new Date(head.at.getTime() + expiry.days * DAY_MS + (member.pausedMsTotal ?? 0));
    if (expiresAt.getTime() > now.getTime() + expiry.warnDays * DAY_MS) return false;
    const amount = Math.min(totals.balance, head.credited - totals.debited);
    const noticeKey = `expiry-warning:${member.platform}:${member.userId}:${head.seq}`;
    const warned = await this.notices.tellOnce(noticeKey, member, community, now, (t) => ({
      tone: 'warning',
      title: t('expiry.warnTitle'),
      text: t('expiry.warnText', {
        points: amount,
        date: formatDate(expiresAt, t('meta.locale') === 'zh-CN' ? 'zh-CN' : 'en'),
      }),
    }));
    if (warned) {
      await this.events.emit({
        type: 'points.expiring',
        key: noticeKey,
        communityId: member.communityId,
        at: now,
        member: { platform: member.platform, userId: member.userId },
        data: { points: amount, expiresAt: expiresAt.toISOString() },
        carriesText: false,
      });
    }
    return warned;
  }
}

function memberKey(member: MemberDoc) {
  return { communityId: member.communityId, platform: member.platform as Platform, userId: member.userId };
}
