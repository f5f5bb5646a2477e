import type { CommunityDoc, MemberDoc, Models } from '../db/models.ts';
import { formatDate } from '../format.ts';
import type { MemberNotices } from './member-notices.ts';
import type { Tiers } from './tiers.ts';

const DAY_MS = 24 * 3600 * 1000;
/** The DM that a pause is ending goes out this long before. */
const REMIND_BEFORE_MS = 7 * DAY_MS;

/** The same day of the month `months` later (the month's last day when it has fewer), UTC. */
export function addMonths(date: Date, months: number): Date {
  const next = new Date(date.getTime());
  const day = next.getUTCDate();
  next.setUTCDate(1);
  next.setUTCMonth(next.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate();
  next.setUTCDate(Math.min(day, lastDay));
  return next;
}

const localeOf = (t: (key: string) => string) => (t('meta.locale') === 'zh-CN' ? 'zh-CN' : 'en');

/**
 * Pausing a membership instead of cancelling it. While paused a member keeps their points
 * and tier, earns nothing, and nothing of theirs moves on: points do not expire (they expire
 * that much later afterwards), and a paid tier is frozen — what was left of the paid period
 * when the pause began is what is left when it ends. The pause ends by itself at its date,
 * with a DM a week before, or early with `/membership resume`.
 */
export class Pauses {
  constructor(
    private readonly models: Models,
    private readonly tiers: Tiers,
    private readonly notices: MemberNotices,
  ) {}

  /** Pauses an active membership; the date it resumes, or null when it was not active. */
  async pause(member: MemberDoc, months: number, now: Date): Promise<Date | null> {
    const until = addMonths(now, months);
    const remaining = member.paidUntil ? member.paidUntil.getTime() - now.getTime() : null;
    const result = await this.models.Member.updateOne(
      { _id: member._id, status: 'active' },
      { $set: { status: 'paused', pausedAt: now, pausedUntil: until, pausePaidRemainingMs: remaining } },
    );
    return result.modifiedCount === 1 ? until : null;
  }

  /**
   * Ends a pause: the member is active again, the paid period continues from where it stood
   * (a later end a subscription event set meanwhile wins), and the time paused is added to
   * how long their points last. False when it was not paused (already resumed).
   */
  async resume(member: MemberDoc, community: CommunityDoc, now: Date): Promise<boolean> {
    if (member.status !== 'paused' || !member.pausedAt) return false;
    const frozen = member.pausePaidRemainingMs;
    const thawed = frozen === null || frozen === undefined ? null : new Date(now.getTime() + frozen);
    const paidUntil =
      thawed && member.paidUntil && member.paidUntil.getTime() > thawed.getTime() ? member.paidUntil : thawed;
    const pausedMs = Math.max(0, now.getTime() - member.pausedAt.getTime());
    const result = await this.models.Member.updateOne(
      { _id: member._id, status: 'paused', pausedAt: member.pausedAt },
      {
        $set: {
          status: 'active',
          pausedAt: null,
          pausedUntil: null,
          pausePaidRemainingMs: null,
          pausedMsTotal: (member.pausedMsTotal ?? 0) + pausedMs,
          ...(paidUntil ? { paidUntil } : {}),
        },
      },
    );
    if (result.modifiedCount !== 1) return false;
    const active = { ...member, status: 'active', paidUntil: paidUntil ?? member.paidUntil } as MemberDoc;
    await this.tiers.reassess(active, community, now, { allowDemotion: false });
    return true;
  }

  /** The reminder a week before, and the resumption on the day; each once per pause. */
  async runForCommunity(community: CommunityDoc, now: Date): Promise<{ pauseReminders: number; resumed: number }> {
    let pauseReminders = 0;
    let resumed = 0;
    const paused = this.models.Member.find({ communityId: community.communityId, status: 'paused' })
      .lean<MemberDoc>()
      .cursor();
    for await (const member of paused) {
      if (!member.pausedUntil) continue;
      const end = member.pausedUntil.getTime();
      if (now.getTime() >= end) {
        if (await this.resume(member, community, now)) {
          resumed += 1;
          await this.notices.tell(member, community, (t) => ({
            tone: 'success',
            title: t('pause.resumedTitle'),
            text: t('pause.resumedText', { community: community.name || community.communityId }),
          }));
        }
        continue;
      }
      if (now.getTime() < end - REMIND_BEFORE_MS) continue;
      const key = `pause-ending:${member.platform}:${member.userId}:${member.pausedUntil.toISOString()}`;
      const sent = await this.notices.tellOnce(key, member, community, now, (t) => ({
        tone: 'info',
        title: t('pause.endingTitle'),
        text: t('pause.endingText', { date: formatDate(member.pausedUntil, localeOf(t)) }),
      }));
      if (sent) pauseReminders += 1;
    }
    return { pauseReminders, resumed };
  }
}
