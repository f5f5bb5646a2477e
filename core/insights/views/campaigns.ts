import type { CampaignReports } from '../../campaigns/campaign-report.ts';
import { AFTER_DAYS } from '../../campaigns/campaign-report.ts';
import { campaignLine } from '../../campaigns/campaign-text.ts';
import type { Campaigns } from '../../campaigns/campaigns.ts';
import { formatNumber } from '../../format.ts';
import type { InsightRequest, InsightView } from './view.ts';

const SHOWN = 10;

/** `/insights campaigns [name]`: each campaign's reach, points issued, and redemptions during and after it. */
export function campaignsView(deps: { campaigns: Campaigns; reports: CampaignReports }): InsightView {
  return {
    name: 'campaigns',
    async render({ communityId, now, t, locale, subject }: InsightRequest) {
      const campaigns = subject
        ? [await deps.campaigns.require(communityId, subject)]
        : (await deps.campaigns.all(communityId)).slice(0, SHOWN);
      if (campaigns.length === 0)
        return { tone: 'info', title: t('insights.campaigns.title'), text: t('insights.campaigns.none') };
      const n = (value: number) => formatNumber(value, locale);
      const fields = [];
      for (const figures of await deps.reports.figuresOf(campaigns, now)) {
        const { campaign } = figures;
        fields.push({
          name: `${campaign.campaignId} · ${t(`campaigns.statuses.${figures.status}`)}`,
          value: [
            campaignLine(t, locale, campaign),
            t('insights.campaigns.reach', {
              reached: n(figures.reached),
              dms: n(figures.dms),
              points: n(figures.pointsIssued),
            }),
            t('insights.campaigns.redemptions', {
              during: n(figures.during.orders),
              duringPoints: n(figures.during.points),
              after: n(figures.after.orders),
              afterPoints: n(figures.after.points),
              days: AFTER_DAYS,
            }),
          ].join('\n'),
        });
      }
      return { tone: 'info', title: t('insights.campaigns.title'), fields };
    },
  };
}
