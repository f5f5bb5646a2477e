import type { CommunityDoc, PersonaSnapshotDoc } from '../db/models.ts';
import { firstSupportedLocale } from '../i18n.ts';
import type { MemberNotices } from '../loyalty/member-notices.ts';
import { digestImage, personaImage } from '../charts/report-images.ts';
import { renderPersonaReport } from '../personas/persona-report.ts';
import type { Communities } from '../identity/communities.ts';
import type { Digests } from './digest.ts';
import type { PassiveSentiment } from './passive-sentiment.ts';
import { renderDigest } from './digest-reply.ts';
import { supportSettings } from './settings.ts';
import type { InsightViews } from '../insights/views/index.ts';
import type { Translator } from '../i18n.ts';

/** Insight views posted with the weekly digest, each as its own card. */
const WEEKLY_VIEWS = ['save-rate', 'churn'] as const;

const DAY_MS = 24 * 3600 * 1000;

function startOfDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/**
 * Posts each community's daily digest (yesterday) at its hour, and on Mondays the weekly
 * one (last week against the week before) with the latest persona report, the week's save
 * rate and the churn nudges' retention. Each period is
 * posted once, however often the job runs: the post is keyed by community, kind and period.
 */
export class DigestSchedule {
  constructor(
    private readonly communities: Communities,
    private readonly digests: Digests,
    private readonly notices: MemberNotices,
    private readonly personas: { latest(communityId: string): Promise<PersonaSnapshotDoc | null> },
    private readonly passive: PassiveSentiment,
    private readonly views: InsightViews,
    private readonly translator: Translator,
  ) {}

  /** Copies the passive counters first, so a digest counts every message up to now. */
  async run(now: Date): Promise<{ posted: number }> {
    const communities = await this.communities.all();
    await this.passive.flushAll(communities.map((community) => community.communityId));
    let posted = 0;
    for (const community of communities) posted += await this.postDue(community, now);
    return { posted };
  }

  private async postDue(community: CommunityDoc, now: Date): Promise<number> {
    const { digestChannelId: channelId, digestHour } = supportSettings(community);
    if (!channelId || now.getUTCHours() !== digestHour) return 0;
    const today = startOfDay(now);
    const dayBefore = new Date(today.getTime() - DAY_MS);
    let posted = Number(await this.post(community, channelId, 'daily', dayBefore, today, now));
    if (today.getUTCDay() !== 1) return posted;
    const weekBefore = new Date(today.getTime() - 7 * DAY_MS);
    posted += Number(await this.post(community, channelId, 'weekly', weekBefore, today, now));
    posted += Number(await this.postPersonas(community, channelId, today, now));
    for (const view of WEEKLY_VIEWS) posted += Number(await this.postView(community, channelId, view, today, now));
    return posted;
  }

  /** A week of an insight (the save rate, churn nudges) as its own card, once per week. */
  private async postView(
    community: CommunityDoc,
    channelId: string,
    view: (typeof WEEKLY_VIEWS)[number],
    today: Date,
    now: Date,
  ): Promise<boolean> {
    const locale = firstSupportedLocale(community.defaultLocale) ?? 'en';
    const t = this.translator.forLocale(locale);
    const shown = this.views.get(view);
    if (!shown) throw new Error(`insight view ${view} is not wired`);
    const request = { communityId: community.communityId, t, locale, now: today };
    const reply = {
      ...(await shown.render({ ...request, days: view === 'save-rate' ? 7 : undefined })),
      ephemeral: false,
    };
    const key = `${view}:weekly:${today.toISOString().slice(0, 10)}`;
    return this.notices.postOnce(key, community, channelId, now, () => reply);
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
    return this.notices.postOnce(key, community, channelId, now, async (t) => {
      const title = t(`digest.${kind}Title`);
      return { ...renderDigest(digest, t, locale, title), image: await digestImage(digest, t, locale, title) };
    });
  }

  private async postPersonas(community: CommunityDoc, channelId: string, today: Date, now: Date): Promise<boolean> {
    const snapshot = await this.personas.latest(community.communityId);
    if (!snapshot) return false;
    const locale = firstSupportedLocale(community.defaultLocale) ?? 'en';
    const key = `personas:weekly:${today.toISOString().slice(0, 10)}`;
    return this.notices.postOnce(key, community, channelId, now, async (t) => {
      const title = t('personas.weeklyTitle');
      const report = renderPersonaReport(snapshot, t, locale, { title, ephemeral: false });
      return { ...report, image: await personaImage(snapshot, t, locale, title) };
    });
  }
}
