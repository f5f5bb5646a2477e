import { z } from 'zod';
import type { CommunityDoc } from '../db/models.ts';
import { STRATEGY_PATTERN } from '../recommend/strategies.ts';

/** Why a member says they leave, in the order the save flow offers them. */
export const SAVE_REASONS = ['expensive', 'unused', 'features', 'experience', 'other'] as const;
export type SaveReason = (typeof SAVE_REASONS)[number];

export const OFFER_KINDS = ['pause', 'downgrade', 'bonus', 'none'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

const offer = z.enum(OFFER_KINDS);
const DEFAULT_OFFERS: Record<SaveReason, OfferKind> = {
  expensive: 'pause',
  unused: 'pause',
  features: 'bonus',
  experience: 'bonus',
  other: 'none',
};

/** Per-community settings for keeping members: save flow, churn nudges, the served recommender. */
export const retentionSettingsSchema = z.object({
  /** Ask a member who cancels themselves why, and make one offer, before they confirm. */
  saveFlow: z.boolean().default(true),
  /** Which offer each reason gets; `none` goes straight to the confirmation. */
  offers: z
    .object({
      expensive: offer.default(DEFAULT_OFFERS.expensive),
      unused: offer.default(DEFAULT_OFFERS.unused),
      features: offer.default(DEFAULT_OFFERS.features),
      experience: offer.default(DEFAULT_OFFERS.experience),
      other: offer.default(DEFAULT_OFFERS.other),
    })
    .default(DEFAULT_OFFERS),
  /** The one-time bonus offered to stay (once per member, ever). */
  bonusPoints: z.number().int().min(1).max(100_000).default(100),
  /** Longest pause offered, in months: the member picks 1 up to this. */
  pauseMonths: z.number().int().min(1).max(3).default(3),
  /** Churn nudges by DM to members at high risk (off until an admin turns them on). */
  nudges: z.boolean().default(false),
  /** Churn risk (0…1) from which a member may be nudged. */
  nudgeThreshold: z.number().min(0.5).max(0.99).default(0.7),
  /** Share of eligible members kept as a control group: they get nothing, so the effect shows. */
  nudgeControl: z.number().min(0).max(0.5).default(0.2),
  /** Bonus a nudge offers when no reward is affordable yet. */
  nudgeBonus: z.number().int().min(1).max(100_000).default(50),
  /** The recommendation strategy served outside experiments (an experiment's winner once promoted). */
  recommender: z.string().regex(STRATEGY_PATTERN).default('blend'),
});

export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

/** The community's settings over the defaults; a stored value that no longer validates falls back whole. */
export function retentionSettings(community: Pick<CommunityDoc, 'retention'> | null | undefined): RetentionSettings {
  const parsed = retentionSettingsSchema.safeParse(community?.retention ?? {});
  return parsed.success ? parsed.data : retentionSettingsSchema.parse({});
}
