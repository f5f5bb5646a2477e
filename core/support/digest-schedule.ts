import type { CommunityDoc, PersonaSnapshotDoc } from '../db/models.ts';
import { firstSupportedLocale } from '../i18n.ts';
import type { MemberNotices } from '../loyalty/member-notices.ts';
import { renderPersonaReport } from '../personas/persona-report.ts';
import type { Communities } from '../services/communities.ts';
import type { Digests } from './digest.ts';
import { renderDigest } from './digest-reply.ts';
import { supportSettings } from './settings.ts';

const DAY_MS = 24 * 3600 * 1000;

function startOfDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/**
 * Posts each community's daily digest (yesterday) at its hour, and on Mondays the weekly
 * one (last week against the week before) with the latest persona report. Each period is
 * posted once, however often the job runs: the post is keyed by community, kind and period.
 */
export class DigestSchedule {
  constructor(
    private readonly communities: Communities,
    private readonly digests: Digests,
    private readonly notices: MemberNotices,
    private readonly personas: { latest(communityId: string): Promise<PersonaSnapshotDoc | null> },
  ) {}

  async run(now: Date): Promise<{ posted: number }> {
    let posted = 0;
    for (const community of await this.communities.all()) {
      const settings = supportSettings(community);
      if (!settings.digestChannelId || now.getUTCHours() !== settings.digestHour) continue;
      const today = startOfDay(now);
      if (await this.post(community, settings.digestChannelId, 'daily', new Date(today.getTime() - DAY_MS), today, now))
        posted += 1;
      if (today.getUTCDay() !== 1) continue;
      if (
        await this.post(
          community,
          settings.digestChannelId,
          'weekly',
          new Date(today.getTime() - 7 * DAY_MS),
          today,
          now,
        )
      )
        posted += 1;
      if (await this.postPersonas(community, settings.digestChannelId, today, now)) posted += 1;
    }
    return { posted };
  }

  private async post(
    community: CommunityDoc,
    channelId: string,
    kind: 'daily' | 'weekly',
    from: Date,
    to: Date,
    now: Date,
  ): Promise<boolean> {
    const digest = await this.digests.compute(community.communityId, from, to);
    const locale = firstSupportedLocale(community.defaultLocale) ?? 'en';
    const key = `digest:${kind}:${from.toISOString().slice(0, 10)}`;
    return this.notices.postOnce(key, community, channelId, now, (t) =>
      renderDigest(digest, t, locale, t(`digest.${kind}Title`)),
    );
  }

  private async postPersonas(community: CommunityDoc, channelId: string, today: Date, now: Date): Promise<boolean> {
    const snapshot = await this.personas.latest(community.communityId);
    if (!snapshot) return false;
    const locale = firstSupportedLocale(community.defaultLocale) ?? 'en';
    const key = `personas:weekly:${today.toISOString().slice(0, 10)}`;
    return this.notices.postOnce(key, community, channelId, now, (t) =>
      renderPersonaReport(snapshot, t, locale, { title: t('personas.weeklyTitle'), ephemeral: false }),
    );
  }
}
