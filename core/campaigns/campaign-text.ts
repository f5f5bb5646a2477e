import type { CampaignAudience, CampaignDoc, CampaignEffect } from '../db/campaign-models.ts';
import type { Locale, Translate } from '../i18n.ts';
import { formatLocalDateTime } from '../time-zone.ts';
import type { Reply } from '../types.ts';

const EARNING_NAMES: Record<string, string> = {
  chat: 'campaigns.earnings.chat',
  purchase: 'campaigns.earnings.purchase',
  feedback: 'campaigns.earnings.feedback',
  referral: 'campaigns.earnings.referral',
};

/** What a campaign does, in words: "×2 points on chat and purchases". */
export function effectText(t: Translate, effect: CampaignEffect): string {
  switch (effect.kind) {
    case 'multiplier':
      return t('campaigns.effects.multiplier', {
        multiplier: effect.multiplier,
        earnings: effect.earnings.map((kind) => t(EARNING_NAMES[kind] ?? kind)).join(', '),
      });
    case 'join-bonus':
      return t('campaigns.effects.joinBonus', { points: effect.points });
    case 'anniversary':
      return t('campaigns.effects.anniversary', { points: effect.points });
  }
}

export function audienceText(t: Translate, audience: CampaignAudience): string {
  switch (audience.kind) {
    case 'all':
      return t('campaigns.audiences.all');
    case 'tiers':
      return t('campaigns.audiences.tiers', { tiers: audience.tiers.join(', ') });
    case 'personas':
      return t('campaigns.audiences.personas', { personas: audience.personas.map((p) => `#${p + 1}`).join(', ') });
    case 'churn':
      return t('campaigns.audiences.churn');
    case 'inactive':
      return t('campaigns.audiences.inactive', { days: audience.days });
  }
}

/** From when to when, in the campaign's time zone. */
export function windowText(t: Translate, locale: Locale, campaign: CampaignDoc): string {
  return t('campaigns.window', {
    start: formatLocalDateTime(campaign.startsAt, locale, campaign.timeZone),
    end: formatLocalDateTime(campaign.endsAt, locale, campaign.timeZone),
    timeZone: campaign.timeZone,
  });
}

/** One line for lists: what, for whom, when. */
export function campaignLine(t: Translate, locale: Locale, campaign: CampaignDoc): string {
  return [effectText(t, campaign.effect), audienceText(t, campaign.audience), windowText(t, locale, campaign)].join(
    ' · ',
  );
}

/** The post in the community's channel (and the DM to its audience) when a campaign starts. */
export function announcement(t: Translate, locale: Locale, campaign: CampaignDoc): Omit<Reply, 'ephemeral'> {
  return {
    tone: 'success',
    title: t('campaigns.announceTitle', { name: campaign.campaignId }),
    text: t('campaigns.announceText', {
      effect: effectText(t, campaign.effect),
      audience: audienceText(t, campaign.audience),
      window: windowText(t, locale, campaign),
    }),
  };
}

/** Running campaigns as members see them on their card and the rewards list: what, and until when. */
export function runningLines(t: Translate, locale: Locale, campaigns: CampaignDoc[]): string {
  return campaigns
    .map((campaign) =>
      t('campaigns.runningLine', {
        name: campaign.campaignId,
        effect: effectText(t, campaign.effect),
        end: formatLocalDateTime(campaign.endsAt, locale, campaign.timeZone),
      }),
    )
    .join('\n');
}
